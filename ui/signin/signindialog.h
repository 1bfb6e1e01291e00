#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QStringListModel;

namespace qd::core {
class ApiError;
class ServerProfiles;
class SignInController;
} // namespace qd::core

namespace qd::ui {

// The first window: pick a server profile (add / edit / remove), sign in with e-mail and
// password, then the code from the authenticator app when the account has a second factor.
// Tells wrong password, lockout (with the wait), unreachable server and certificate problems
// apart, and offers to trust a certificate by its fingerprint. "Open offline" shows the
// profile's cache read-only. Accepted once the controller holds a usable workspace.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    SignInDialog(core::ServerProfiles &profiles, core::SignInController *controller, QWidget *parent = nullptr);

    // Preselects a profile and fills in the e-mail (e.g. from the command line).
    void preset(const QString &profileName, const QString &email = {});
    // Shows a message from outside (e.g. a failed sign-in with command-line credentials).
    void showMessage(const QString &message);
    // The message shown for the last failure (empty when none).
    QString errorText() const;
    // Whether the user chose offline (read-only) rather than signing in.
    bool openedOffline() const { return m_offline; }

private:
    void reloadProfiles(const QString &select);
    void onProfileChosen();
    void addProfile();
    void editProfile();
    void removeProfile();
    void submit();
    void openOffline();
    void trustCertificate();
    void showError(const QString &message, const core::ApiError &error);
    void setBusy(bool busy);

    core::ServerProfiles &m_profiles;
    core::SignInController *m_controller;
    QStringListModel *m_profileNames;
    QComboBox *m_profile;
    QPushButton *m_editProfile;
    QPushButton *m_removeProfile;
    QStackedWidget *m_pages;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLineEdit *m_code;
    QLabel *m_error;
    QPushButton *m_trust;
    QPushButton *m_signIn;
    QPushButton *m_offlineButton;
    QString m_fingerprint;
    bool m_offline = false;
};

} // namespace qd::ui
