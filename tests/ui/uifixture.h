#pragma once

#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"
#include "core/session/workspace.h"

#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

class QWidget;

namespace qd::test {

// What every offscreen UI test needs: the real server with a demo fleet, a signed-in
// workspace synced from it (its own fresh cache), raw HTTP for checking the server's side,
// and screenshots of the views under <build>/ui-shots.
class UiFixture
{
public:
    // Seeds `devices` demo devices (with `days` of history) and starts the server.
    bool start(int devices = 200, int days = 1, const QStringList &serveArgs = {});
    ServerProcess &server() { return m_server; }
    HttpClient &http() { return *m_http; }
    QString adminToken() const { return m_admin; }
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }

    // A workspace on a fresh cache, signed in as the admin, online, with its first sync done.
    std::unique_ptr<core::Workspace> signedInWorkspace(const QString &cacheName = {});
    // A workspace on an existing cache without signing in (read-only).
    std::unique_ptr<core::Workspace> offlineWorkspace(const QString &cacheName);
    core::ServerProfile profile() const;

    // Runs `handle` on the next modal dialog as soon as it is open (for dialogs shown with exec()).
    static void onNextModal(std::function<void(QWidget *)> handle);
    // Saves widget->grab() as <build>/ui-shots/<name>.png; false when it could not be written.
    static bool saveShot(QWidget *widget, const QString &name);
    QString error() const { return m_error; }

private:
    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QTemporaryDir m_dir;
    int m_caches = 0;
    QString m_error;
};

} // namespace qd::test
