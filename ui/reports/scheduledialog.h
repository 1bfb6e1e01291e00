#pragma once

#include "core/reporting/reportschedules.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace qd::core {
class ApiError;
class CustomerListModel;
class ReportScheduleService;
class SavedViews;
}

namespace qd::ui {

// Creates or edits a report schedule. It stays open until the server accepted it (a refused
// field is named in the dialog and keeps what was typed).
class ScheduleDialog : public QDialog
{
    Q_OBJECT

public:
    // `customReports`: the saved custom report definitions offered as kinds (may be null).
    ScheduleDialog(core::ReportScheduleService *service, core::CustomerListModel *customers,
                   const core::ReportScheduleEntry &schedule, core::SavedViews *customReports = nullptr, QWidget *parent = nullptr);

    // The schedule as the form describes it; problems (in words) go into *problem.
    core::ReportScheduleEntry schedule(QString *problem = nullptr) const;

    void accept() override;

private:
    void failed(const QString &what, const core::ApiError &error);

    core::ReportScheduleService *m_service;
    core::ReportScheduleEntry m_original;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QComboBox *m_customer;
    QComboBox *m_frequency;
    QComboBox *m_format;
    QComboBox *m_pageSize;
    QLineEdit *m_recipients;
    QCheckBox *m_enabled;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    bool m_saving = false;
};

// Fills `box` with "All customers" (when allText is not empty) and the cached customers,
// keeping the current choice.
void fillCustomerChoice(QComboBox *box, core::CustomerListModel *customers, const QString &allText);

} // namespace qd::ui
