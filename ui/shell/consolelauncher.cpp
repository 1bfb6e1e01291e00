#include "ui/shell/consolelauncher.h"

#include "core/api/apireply.h"
#include "core/api/authsession.h"
#include "core/api/credentialstore.h"
#include "core/api/serverprofiles.h"
#include "core/session/signincontroller.h"
#include "core/session/workspace.h"
#include "ui/shell/mainwindow.h"
#include "ui/signin/signindialog.h"

#include <QSettings>
#include <QTimer>

namespace qd::ui {

ConsoleLauncher::ConsoleLauncher(QSettings &settings, const LaunchOptions &options, QObject *parent)
    : QObject(parent), m_settings(settings), m_options(options), m_profiles(std::make_unique<core::ServerProfiles>(settings)),
      m_credentials(new core::CredentialStore(QStringLiteral("Quarterdeck"), this)),
      m_controller(new core::SignInController(m_credentials, this))
{
    if (!m_options.cacheFile.isEmpty())
        m_controller->setCachePathFor([file = m_options.cacheFile](const core::ServerProfile &) { return file; });
}

ConsoleLauncher::~ConsoleLauncher()
{
    delete m_window;
    delete m_dialog;
}

bool ConsoleLauncher::start()
{
    std::optional<core::ServerProfile> profile;
    if (m_options.server.isValid() && !m_options.server.isEmpty()) {
        const QString name = !m_options.profile.isEmpty() ? m_options.profile
                                                          : m_options.server.host() + (m_options.server.port() > 0 ? QStringLiteral(":%1").arg(m_options.server.port()) : QString());
        profile = m_profiles->find(name);
        if (!profile || profile->url != m_options.server) {
            core::ServerProfile p = profile.value_or(core::ServerProfile{});
            p.name = name;
            p.url = m_options.server;
            if (!m_options.email.isEmpty())
                p.email = m_options.email;
            if (qd::Status s = m_profiles->save(p); !s) {
                m_error = s.error();
                return false;
            }
            profile = p;
        }
    } else if (!m_options.profile.isEmpty()) {
        profile = m_profiles->find(m_options.profile);
        if (!profile) {
            m_error = tr("there is no server profile named \"%1\"").arg(m_options.profile);
            return false;
        }
    } else {
        profile = m_profiles->find(m_profiles->lastUsed());
    }
    m_profileName = profile ? profile->name : QString();

    if (!profile || !m_controller->selectProfile(*profile)) {
        showDialog();
        return true;
    }
    if (m_options.offline) {
        showMainWindow(false);
        return true;
    }
    if (!m_options.email.isEmpty() && !m_options.password.isEmpty()) {
        auto *once = new QObject(this);
        connect(m_controller, &core::SignInController::signedIn, once, [this, once] {
            delete once;
            m_profiles->setLastUsed(m_controller->profile().name);
            showMainWindow(true);
        });
        connect(m_controller, &core::SignInController::failed, once, [this, once](const QString &message) {
            delete once;
            showDialog(message);
        });
        connect(m_controller, &core::SignInController::secondFactorRequired, once, [this, once] {
            delete once;
            showDialog(); // the dialog's code page takes over
        });
        m_controller->signIn(m_options.email, m_options.password, false);
        m_options.password.clear(); // used once
        return true;
    }
    auto *once = new QObject(this);
    connect(m_controller, &core::SignInController::signedIn, once, [this, once] {
        delete once;
        showMainWindow(true);
    });
    connect(m_controller, &core::SignInController::noRememberedSession, once, [this, once] {
        delete once;
        showDialog();
    });
    connect(m_controller, &core::SignInController::failed, once, [this, once](const QString &message) {
        delete once;
        showDialog(message);
    });
    m_controller->resumeRemembered();
    return true;
}

void ConsoleLauncher::showDialog(const QString &message)
{
    if (!m_dialog) {
        m_dialog = new SignInDialog(*m_profiles, m_controller);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &QDialog::accepted, this, [this] { showMainWindow(!m_dialog->openedOffline()); });
        connect(m_dialog, &QDialog::rejected, this, &ConsoleLauncher::cancelled);
    }
    m_dialog->preset(m_profileName, m_options.email);
    if (!message.isEmpty())
        m_dialog->showMessage(message);
    m_dialog->show();
}

void ConsoleLauncher::showMainWindow(bool online)
{
    std::unique_ptr<core::Workspace> workspace = m_controller->takeWorkspace();
    if (!workspace)
        return showDialog();
    if (online)
        workspace->goOnline();
    m_window = new MainWindow(std::move(workspace), m_settings);
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_window, &MainWindow::signOutRequested, this, &ConsoleLauncher::signOut);
    m_window->show();
}

void ConsoleLauncher::signOut()
{
    if (!m_window)
        return;
    core::Workspace *ws = m_window->workspace();
    m_profileName = ws->profile().name;
    ws->goOffline();
    m_credentials->remove(m_profileName);
    // The window (and with it the session's client) closes once the server has heard the
    // logout, or after a few seconds when it cannot be reached.
    QPointer<MainWindow> window = m_window;
    window->hide();
    if (core::ApiReply *reply = ws->session()->logout())
        connect(reply, &core::ApiReply::finished, window, &QWidget::close);
    QTimer::singleShot(3000, window, [window] {
        if (window)
            window->close();
    });
    m_window = nullptr;
    if (const auto profile = m_profiles->find(m_profileName))
        m_controller->selectProfile(*profile);
    showDialog();
}

} // namespace qd::ui
