#include "ui/signin/signindialog.h"

#include "core/api/apierror.h"
#include "core/api/serverprofiles.h"
#include "core/session/signincontroller.h"
#include "ui/signin/profiledialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStringListModel>
#include <QVBoxLayout>

namespace qd::ui {

SignInDialog::SignInDialog(core::ServerProfiles &profiles, core::SignInController *controller, QWidget *parent)
    : QDialog(parent), m_profiles(profiles), m_controller(controller), m_profileNames(new QStringListModel(this)),
      m_profile(new QComboBox(this)), m_editProfile(new QPushButton(tr("Edit…"), this)),
      m_removeProfile(new QPushButton(tr("Remove"), this)), m_pages(new QStackedWidget(this)), m_email(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_remember(new QCheckBox(tr("&Remember me on this computer"), this)),
      m_code(new QLineEdit(this)), m_error(new QLabel(this)), m_trust(new QPushButton(tr("Trust this certificate"), this)),
      m_signIn(new QPushButton(tr("Sign in"), this)), m_offlineButton(new QPushButton(tr("Open offline"), this))
{
    setWindowTitle(tr("Sign in to Quarterdeck"));
    setObjectName(QStringLiteral("signInDialog"));

    m_profile->setModel(m_profileNames);
    m_profile->setAccessibleName(tr("Server profile"));
    m_profile->setObjectName(QStringLiteral("signin.profile"));
    auto *add = new QPushButton(tr("Add…"), this);
    add->setAccessibleName(tr("Add a server profile"));
    m_editProfile->setAccessibleName(tr("Edit the server profile"));
    m_removeProfile->setAccessibleName(tr("Remove the server profile"));
    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(add);
    profileRow->addWidget(m_editProfile);
    profileRow->addWidget(m_removeProfile);

    // Page 1: e-mail and password.
    auto *credentials = new QWidget(m_pages);
    m_email->setObjectName(QStringLiteral("signin.email"));
    m_email->setAccessibleName(tr("E-mail address"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_password->setObjectName(QStringLiteral("signin.password"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(QStringLiteral("signin.remember"));
    m_remember->setToolTip(tr("Keeps the session in the system keychain, so the next start signs in by itself."));
    auto *form = new QFormLayout(credentials);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    m_pages->addWidget(credentials);

    // Page 2: the second factor.
    auto *mfa = new QWidget(m_pages);
    auto *mfaHint = new QLabel(tr("Enter the 6-digit code from your authenticator app, or one of your recovery codes."), mfa);
    mfaHint->setWordWrap(true);
    m_code->setObjectName(QStringLiteral("signin.code"));
    m_code->setAccessibleName(tr("Authentication code"));
    m_code->setMaxLength(32);
    auto *mfaForm = new QFormLayout(mfa);
    mfaForm->setContentsMargins(0, 0, 0, 0);
    mfaForm->addRow(mfaHint);
    mfaForm->addRow(tr("&Code:"), m_code);
    m_pages->addWidget(mfa);

    m_error->setObjectName(QStringLiteral("signin.error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    m_trust->setObjectName(QStringLiteral("signin.trust"));
    m_trust->hide();

    m_signIn->setObjectName(QStringLiteral("signin.submit"));
    m_signIn->setDefault(true);
    m_offlineButton->setObjectName(QStringLiteral("signin.offline"));
    m_offlineButton->setToolTip(tr("Browse this server's data from the local cache, read-only, without signing in."));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_offlineButton, QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Quarterdeck</h2>"), this);
    layout->addWidget(title);
    layout->addLayout(profileRow);
    layout->addWidget(m_pages);
    layout->addWidget(m_error);
    layout->addWidget(m_trust, 0, Qt::AlignLeft);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(460);
    setTabOrder(m_profile, m_email);
    setTabOrder(m_email, m_password);
    setTabOrder(m_password, m_remember);
    setTabOrder(m_remember, m_signIn);

    connect(add, &QPushButton::clicked, this, &SignInDialog::addProfile);
    connect(m_editProfile, &QPushButton::clicked, this, &SignInDialog::editProfile);
    connect(m_removeProfile, &QPushButton::clicked, this, &SignInDialog::removeProfile);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &SignInDialog::onProfileChosen);
    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(m_offlineButton, &QPushButton::clicked, this, &SignInDialog::openOffline);
    connect(m_trust, &QPushButton::clicked, this, &SignInDialog::trustCertificate);

    connect(m_controller, &core::SignInController::busyChanged, this, &SignInDialog::setBusy);
    connect(m_controller, &core::SignInController::failed, this, &SignInDialog::showError);
    connect(m_controller, &core::SignInController::secondFactorRequired, this, [this] {
        setBusy(false);
        m_error->hide();
        m_pages->setCurrentIndex(1);
        m_code->clear();
        m_code->setFocus();
    });
    connect(m_controller, &core::SignInController::signedIn, this, [this] {
        m_profiles.setLastUsed(m_controller->profile().name);
        accept();
    });
    connect(m_controller, &core::SignInController::offlineReady, this, [this] {
        m_offline = true;
        accept();
    });
    connect(m_controller, &core::SignInController::rememberUnavailable, this, [this](const QString &reason) {
        m_remember->setChecked(false);
        m_remember->setEnabled(false);
        m_remember->setToolTip(tr("No system keychain is available (%1), so the session cannot be remembered.").arg(reason));
    });

    reloadProfiles(m_profiles.lastUsed());
}

void SignInDialog::preset(const QString &profileName, const QString &email)
{
    reloadProfiles(profileName);
    if (!email.isEmpty())
        m_email->setText(email);
    (m_email->text().isEmpty() ? m_email : m_password)->setFocus();
}

void SignInDialog::showMessage(const QString &message)
{
    showError(message, {});
}

QString SignInDialog::errorText() const
{
    return m_error->isVisible() || !m_error->isHidden() ? m_error->text() : QString();
}

void SignInDialog::reloadProfiles(const QString &select)
{
    QStringList names;
    for (const core::ServerProfile &p : m_profiles.all())
        names << p.name;
    const QSignalBlocker block(m_profile);
    m_profileNames->setStringList(names);
    const int index = std::max(0, int(names.indexOf(select)));
    m_profile->setCurrentIndex(names.isEmpty() ? -1 : index);
    onProfileChosen();
}

void SignInDialog::onProfileChosen()
{
    const bool any = m_profile->currentIndex() >= 0;
    m_editProfile->setEnabled(any);
    m_removeProfile->setEnabled(any);
    m_signIn->setEnabled(any);
    m_offlineButton->setEnabled(any);
    m_error->hide();
    m_trust->hide();
    m_pages->setCurrentIndex(0);
    if (!any) {
        m_signIn->setToolTip(tr("Add a server profile first."));
        return;
    }
    m_signIn->setToolTip({});
    if (auto p = m_profiles.find(m_profile->currentText()); p && !p->email.isEmpty())
        m_email->setText(p->email);
}

void SignInDialog::addProfile()
{
    ProfileDialog dialog({}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (qd::Status s = m_profiles.save(dialog.profile()); !s)
        return showError(s.error(), {});
    reloadProfiles(dialog.profile().name);
}

void SignInDialog::editProfile()
{
    const auto current = m_profiles.find(m_profile->currentText());
    if (!current)
        return;
    ProfileDialog dialog(*current, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.profile().name != current->name)
        m_profiles.remove(current->name);
    if (qd::Status s = m_profiles.save(dialog.profile()); !s)
        return showError(s.error(), {});
    reloadProfiles(dialog.profile().name);
}

void SignInDialog::removeProfile()
{
    const QString name = m_profile->currentText();
    if (QMessageBox::question(this, tr("Remove server"),
                              tr("Remove the server profile \"%1\"? Its local cache stays on disk.").arg(name))
        != QMessageBox::Yes)
        return;
    m_profiles.remove(name);
    reloadProfiles({});
}

void SignInDialog::submit()
{
    m_error->hide();
    m_trust->hide();
    if (m_pages->currentIndex() == 1) {
        if (m_code->text().trimmed().isEmpty())
            return showError(tr("Enter the authentication code."), {});
        m_controller->submitSecondFactor(m_code->text().trimmed());
        return;
    }
    const auto profile = m_profiles.find(m_profile->currentText());
    if (!profile)
        return showError(tr("Choose or add a server profile."), {});
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty())
        return showError(tr("Enter your e-mail address and password."), {});
    if (!m_controller->selectProfile(*profile))
        return;
    m_controller->signIn(m_email->text().trimmed(), m_password->text(), m_remember->isChecked());
}

void SignInDialog::openOffline()
{
    const auto profile = m_profiles.find(m_profile->currentText());
    if (profile && m_controller->selectProfile(*profile))
        m_controller->openOffline();
}

void SignInDialog::trustCertificate()
{
    if (m_fingerprint.isEmpty())
        return;
    const QString pretty = m_fingerprint.toUpper();
    if (QMessageBox::warning(this, tr("Trust certificate"),
                             tr("Only trust this certificate if its fingerprint matches the one your administrator gave you:\n\n%1\n\n"
                                "Trust it for the profile \"%2\"?")
                                 .arg(pretty, m_controller->profile().name),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    const core::ServerProfile trusted = m_controller->trustCertificate(m_fingerprint);
    if (qd::Status s = m_profiles.save(trusted); !s)
        return showError(s.error(), {});
    m_fingerprint.clear();
    submit();
}

void SignInDialog::showError(const QString &message, const core::ApiError &error)
{
    setBusy(false);
    m_error->setText(message);
    m_error->setAccessibleName(message);
    m_error->show();
    m_fingerprint = error.kind() == core::ApiError::Kind::Tls ? error.certificateFingerprint() : QString();
    m_trust->setVisible(!m_fingerprint.isEmpty());
    // Grow to the whole message (a certificate's fingerprint is its last line).
    adjustSize();
    if (error.kind() == core::ApiError::Kind::Unauthorized && m_pages->currentIndex() == 0) {
        m_password->selectAll();
        m_password->setFocus();
    } else if (m_pages->currentIndex() == 1) {
        m_code->selectAll();
        m_code->setFocus();
    }
}

void SignInDialog::setBusy(bool busy)
{
    m_signIn->setEnabled(!busy && m_profile->currentIndex() >= 0);
    m_signIn->setText(busy ? tr("Signing in…") : tr("Sign in"));
    m_pages->setEnabled(!busy);
    m_profile->setEnabled(!busy);
}

} // namespace qd::ui
