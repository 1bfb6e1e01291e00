#include "ui/shell/connectionstatus.h"

#include "ui/common/uistyle.h"
#include "core/domain/role.h"
#include "core/sync/syncengine.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

namespace qd::ui {

ConnectionStatus::ConnectionStatus(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_state(new QLabel(this)), m_synced(new QLabel(this)), m_pending(new QLabel(this)),
      m_user(new QLabel(this)), m_tick(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    for (QLabel *l : {m_pending, m_synced, m_state, m_user})
        layout->addWidget(l);
    m_state->setObjectName(QStringLiteral("status.connection"));
    m_synced->setObjectName(QStringLiteral("status.synced"));
    m_pending->setObjectName(QStringLiteral("status.pending"));
    m_user->setObjectName(QStringLiteral("status.user"));
    connect(workspace, &core::Workspace::connectionChanged, this, &ConnectionStatus::refresh);
    connect(workspace, &core::Workspace::lastContactChanged, this, &ConnectionStatus::refresh);
    connect(workspace, &core::Workspace::cacheChanged, this, &ConnectionStatus::refresh);
    // Ages ("2 min ago") move with the clock alone.
    m_tick->setInterval(15'000);
    connect(m_tick, &QTimer::timeout, this, &ConnectionStatus::refresh);
    m_tick->start();
    refresh();
}

QString ConnectionStatus::connectionText() const
{
    if (m_workspace->isReadOnly())
        return tr("Offline (read-only)");
    switch (m_workspace->connection()) {
    case core::Workspace::Connection::Online: return tr("Online");
    case core::Workspace::Connection::Reconnecting: return tr("Reconnecting…");
    case core::Workspace::Connection::Offline: return tr("Offline");
    }
    return {};
}

QString ConnectionStatus::bannerText() const
{
    if (m_workspace->connection() == core::Workspace::Connection::Online)
        return {};
    const QDateTime at = m_workspace->lastContact();
    const QString age = at.isValid() ? tr("The data shown is from %1 (%2).").arg(formatLocalTime(at), formatAge(at, m_workspace->clock()()))
                                     : tr("This cache has never been synced.");
    if (m_workspace->isReadOnly())
        return tr("Opened offline, read-only. %1 Sign in to see live data and make changes.").arg(age);
    if (m_workspace->connection() == core::Workspace::Connection::Reconnecting)
        return {}; // a short reconnect is not worth a banner; the status bar says it
    return tr("The server cannot be reached. %1 Changes you make are sent when the connection returns.").arg(age);
}

void ConnectionStatus::refresh()
{
    const auto c = m_workspace->connection();
    const DeviceStatus look = c == core::Workspace::Connection::Online       ? DeviceStatus::Online
                              : c == core::Workspace::Connection::Reconnecting ? DeviceStatus::Warning
                                                                               : DeviceStatus::Offline;
    m_state->setText(connectionText());
    m_state->setToolTip(m_workspace->profile().url.toString());
    m_state->setStyleSheet(QStringLiteral("color: %1;").arg(statusColor(look).name()));
    m_state->setAccessibleName(tr("Connection: %1").arg(connectionText()));

    const QDateTime at = m_workspace->lastContact();
    m_synced->setText(at.isValid() ? tr("Synced %1").arg(formatAge(at, m_workspace->clock()())) : tr("Never synced"));
    m_synced->setToolTip(formatLocalTime(at));

    const qint64 pending = m_workspace->sync() ? m_workspace->sync()->pendingEdits() : 0;
    m_pending->setText(pending > 0 ? (pending == 1 ? tr("1 change waiting to be sent") : tr("%1 changes waiting to be sent").arg(pending)) : QString());
    m_pending->setVisible(pending > 0);

    const User u = m_workspace->user();
    m_user->setText(m_workspace->isReadOnly() ? tr("Not signed in") : tr("%1 (%2)").arg(u.email, roleName(u.role)));
    emit bannerChanged(bannerText());
}

} // namespace qd::ui
