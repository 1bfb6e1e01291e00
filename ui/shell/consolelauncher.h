#pragma once

#include "ui/shell/mainwindow.h"
#include "ui/signin/signindialog.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

class QSettings;

namespace qd::core {
class CredentialStore;
class ServerProfiles;
class SignInController;
} // namespace qd::core

namespace qd::ui {

// How the console was started (docs/CLI.md: quarterdeck [--server URL] [--profile NAME]
// [--email EMAIL --password-stdin] [--offline] [--cache FILE]).
struct LaunchOptions
{
    QUrl server;
    QString profile;
    QString email;
    QString password; // from standard input; empty: ask
    bool offline = false;
    QString cacheFile;
};

// From start to the main window and back: picks the profile the options name (creating one for
// a new --server), then signs in with the given password, resumes a remembered session, opens
// the cache offline, or shows the sign-in dialog — and shows it again after "sign out".
class ConsoleLauncher : public QObject
{
    Q_OBJECT

public:
    ConsoleLauncher(QSettings &settings, const LaunchOptions &options, QObject *parent = nullptr);
    ~ConsoleLauncher() override;

    // False with error() when the options cannot be used (unknown profile, bad server URL).
    bool start();
    QString error() const { return m_error; }
    MainWindow *mainWindow() const { return m_window; }
    SignInDialog *signInDialog() const { return m_dialog; }

signals:
    // The user closed the sign-in dialog without signing in.
    void cancelled();

private:
    void showDialog(const QString &message = {});
    void showMainWindow(bool online);
    void signOut();

    QSettings &m_settings;
    LaunchOptions m_options;
    std::unique_ptr<core::ServerProfiles> m_profiles;
    core::CredentialStore *m_credentials;
    core::SignInController *m_controller;
    QPointer<SignInDialog> m_dialog;
    QPointer<MainWindow> m_window;
    QString m_profileName;
    QString m_error;
};

} // namespace qd::ui
