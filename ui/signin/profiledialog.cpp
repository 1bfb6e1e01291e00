#include "ui/signin/profiledialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace qd::ui {

ProfileDialog::ProfileDialog(const core::ServerProfile &profile, QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(profile.name, this)), m_url(new QLineEdit(profile.url.toString(), this)),
      m_email(new QLineEdit(profile.email, this)), m_caFile(new QLineEdit(profile.caFile, this)),
      m_pin(new QLineEdit(profile.pinnedSha256, this)), m_problem(new QLabel(this))
{
    setWindowTitle(profile.name.isEmpty() ? tr("Add server") : tr("Edit server"));
    m_name->setPlaceholderText(tr("e.g. Head office"));
    m_url->setPlaceholderText(tr("https://quarterdeck.example.com"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_caFile->setPlaceholderText(tr("System certificate authorities"));
    m_pin->setPlaceholderText(tr("SHA-256 fingerprint, for a self-signed certificate"));
    m_name->setAccessibleName(tr("Profile name"));
    m_url->setAccessibleName(tr("Server address"));
    m_email->setAccessibleName(tr("E-mail address"));
    m_caFile->setAccessibleName(tr("CA certificate file"));
    m_pin->setAccessibleName(tr("Pinned certificate fingerprint"));
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("profile.problem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->hide();

    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setAccessibleName(tr("Choose a CA certificate file"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), {}, tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), m_url);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&CA file:"), caRow);
    form->addRow(tr("&Fingerprint:"), m_pin);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

core::ServerProfile ProfileDialog::profile() const
{
    core::ServerProfile p;
    p.name = m_name->text().trimmed();
    p.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    p.email = m_email->text().trimmed();
    p.caFile = m_caFile->text().trimmed();
    p.pinnedSha256 = m_pin->text().trimmed();
    return p;
}

void ProfileDialog::accept()
{
    const QString problem = core::ServerProfiles::problemWith(profile());
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace qd::ui
