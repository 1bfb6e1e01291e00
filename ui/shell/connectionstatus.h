#pragma once

#include "core/session/workspace.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace qd::ui {

// The status bar's right side: connection state (icon + word), when the data was last current,
// pending edits, and who is signed in — and the banner text for the offline case.
class ConnectionStatus : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionStatus(core::Workspace *workspace, QWidget *parent = nullptr);

    QString connectionText() const;
    // What the offline banner says; empty while online.
    QString bannerText() const;

signals:
    void bannerChanged(const QString &text);

private:
    void refresh();

    core::Workspace *m_workspace;
    QLabel *m_state;
    QLabel *m_synced;
    QLabel *m_pending;
    QLabel *m_user;
    QTimer *m_tick;
};

} // namespace qd::ui
