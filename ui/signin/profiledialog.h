#pragma once

#include "core/api/serverprofiles.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace qd::ui {

// Adds or edits one server profile: name, address, default e-mail and how to trust the
// server's certificate (system CAs, a CA file, or a pinned fingerprint). Checks the profile
// with ServerProfiles::problemWith before it closes.
class ProfileDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProfileDialog(const core::ServerProfile &profile, QWidget *parent = nullptr);
    core::ServerProfile profile() const;

    void accept() override;

private:
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_email;
    QLineEdit *m_caFile;
    QLineEdit *m_pin;
    QLabel *m_problem;
};

} // namespace qd::ui
