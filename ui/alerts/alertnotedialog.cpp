#include "ui/alerts/alertnotedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace qd::ui {

AlertNoteDialog::AlertNoteDialog(const QString &title, const QString &what, QWidget *parent)
    : QDialog(parent), m_note(new QPlainTextEdit(this)), m_problem(new QLabel(this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("alerts.noteDialog"));
    auto *label = new QLabel(what, this);
    label->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("alerts.note"));
    m_note->setAccessibleName(tr("Note"));
    m_note->setPlaceholderText(tr("Optional note, e.g. what you did or who is on it"));
    m_note->setTabChangesFocus(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(title);
    connect(buttons, &QDialogButtonBox::accepted, this, &AlertNoteDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AlertNoteDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(460, 260);
}

QString AlertNoteDialog::note() const
{
    return m_note->toPlainText().trimmed();
}

void AlertNoteDialog::setNote(const QString &note)
{
    m_note->setPlainText(note);
}

void AlertNoteDialog::accept()
{
    if (note().size() > maxNoteLength) {
        m_problem->setText(tr("The note is %1 characters long; at most %2 fit.").arg(note().size()).arg(maxNoteLength));
        m_problem->show();
        return;
    }
    QDialog::accept();
}

} // namespace qd::ui
