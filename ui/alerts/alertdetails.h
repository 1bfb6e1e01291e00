#pragma once

#include "core/domain/alert.h"

#include <QLabel>

namespace qd::ui {

// The selected alert in words: rule, value against threshold, and its history (started,
// raised, acknowledged and resolved — by whom, with their notes).
class AlertDetails : public QLabel
{
    Q_OBJECT

public:
    explicit AlertDetails(QWidget *parent = nullptr);
    void showAlert(const std::optional<Alert> &alert);
};

} // namespace qd::ui
