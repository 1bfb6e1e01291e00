#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace qd::ui {

// Asks for the optional note of an acknowledge or resolve (at most 2,000 characters, the
// server's limit), saying what it applies to.
class AlertNoteDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int maxNoteLength = 2000;

    AlertNoteDialog(const QString &title, const QString &what, QWidget *parent = nullptr);
    QString note() const;
    void setNote(const QString &note);

    void accept() override;

private:
    QPlainTextEdit *m_note;
    QLabel *m_problem;
};

} // namespace qd::ui
