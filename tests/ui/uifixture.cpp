#include "tests/ui/uifixture.h"

#include "core/api/authsession.h"
#include "core/sync/syncengine.h"

#include <QApplication>
#include <QDir>
#include <QTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

namespace qd::test {

bool UiFixture::start(int devices, int days, const QStringList &serveArgs)
{
    if (!m_dir.isValid() || !m_server.start()) {
        m_error = m_server.error();
        return false;
    }
    m_server.stop();
    QByteArray err;
    if (ServerProcess::run({QStringLiteral("demo"), QStringLiteral("--db"), m_server.dbPath(), QStringLiteral("--devices"),
                            QString::number(devices), QStringLiteral("--days"), QString::number(days)},
                           {}, nullptr, &err, 300000)
        != 0) {
        m_error = QString::fromUtf8(err);
        return false;
    }
    if (!m_server.start(serveArgs)) {
        m_error = m_server.error();
        return false;
    }
    m_http = std::make_unique<HttpClient>(m_server.url());
    m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
    return !m_admin.isEmpty();
}

core::ServerProfile UiFixture::profile() const
{
    core::ServerProfile p;
    p.name = QStringLiteral("Test server");
    p.url = m_server.url();
    p.email = QString::fromLatin1(ServerProcess::adminEmail);
    return p;
}

std::unique_ptr<core::Workspace> UiFixture::signedInWorkspace(const QString &cacheName)
{
    const QString name = cacheName.isEmpty() ? QStringLiteral("cache%1.sqlite").arg(++m_caches) : cacheName;
    auto opened = core::Workspace::open(profile(), m_dir.filePath(name));
    if (!opened) {
        m_error = opened.error();
        return {};
    }
    std::unique_ptr<core::Workspace> ws = std::move(opened).value();
    ws->session()->login(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
    if (!QTest::qWaitFor([&] { return ws->session()->isSignedIn(); }, 10000)) {
        m_error = QStringLiteral("sign-in did not finish");
        return {};
    }
    ws->goOnline();
    QSignalSpy synced(ws->sync(), &core::SyncEngine::syncFinished);
    if (!synced.wait(60000)) {
        m_error = QStringLiteral("first sync did not finish");
        return {};
    }
    return ws;
}

std::unique_ptr<core::Workspace> UiFixture::offlineWorkspace(const QString &cacheName)
{
    auto opened = core::Workspace::open(profile(), m_dir.filePath(cacheName));
    if (!opened) {
        m_error = opened.error();
        return {};
    }
    return std::move(opened).value();
}

void UiFixture::onNextModal(std::function<void(QWidget *)> handle)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, [timer, handle] {
        if (QWidget *w = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            handle(w);
        }
    });
    timer->start(20);
}

bool UiFixture::saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(QD_SHOTS_DIR);
    QDir().mkpath(dir);
    return widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace qd::test
