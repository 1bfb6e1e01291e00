#pragma once

#include "reports/model/customreport.h"
#include "reports/model/report.h"

#include "core/domain/result.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTabWidget;

namespace qd::core {
class SavedViews;
class Workspace;
}

namespace qd::ui {

class ScheduledReportsView;

// The Reports section. "Build": kind, customer and range → a preview of the report built from
// the local cache (works offline) → Save as PDF or Excel with progress and cancel. "Scheduled":
// the reports the server renders and mails on schedule, and their history.
class ReportsView : public QWidget
{
    Q_OBJECT

public:
    explicit ReportsView(core::Workspace *workspace, QWidget *parent = nullptr);

    // Builds the report the form describes and shows it; false (and the reason shown) when the
    // cache cannot give it.
    bool preview();
    // Writes the previewed report (building it first when needed) to `path`: PDF or XLSX by
    // its suffix. False when it failed (the reason shown) or was cancelled.
    bool saveTo(const QString &path);
    const std::optional<reports::Report> &report() const { return m_report; }

    // The second tab: the server's scheduled reports and their history.
    ScheduledReportsView *scheduled() const { return m_scheduled; }
    void showScheduled();

    // Where custom report definitions are saved (not owned); without it none can be made.
    void setCustomDefinitions(core::SavedViews *definitions);
    // Picks the saved custom report `name` in the form; false when there is none by that name.
    bool selectCustom(const QString &name);
    // The custom report picked in the form, if one is.
    std::optional<reports::CustomReportDefinition> currentCustom() const;
    // Saves a definition (replacing one of the same name); the form then picks it.
    Status saveCustom(const reports::CustomReportDefinition &definition, const QString &replacing = {});
    void newCustom();
    void editCustom();
    void deleteCustom();

    void setKind(reports::ReportKind kind);
    void setCustomer(const QString &customerId); // empty: all customers

private:
    void rebuildKinds();
    void rebuildCustomers();
    void formChanged();
    void saveInteractively(const QString &suffix);
    void showReport();

    core::Workspace *m_workspace;
    QComboBox *m_kind;
    QComboBox *m_customer;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_pageSize;
    QPushButton *m_preview;
    QPushButton *m_savePdf;
    QPushButton *m_saveXlsx;
    QLabel *m_message;
    QLabel *m_figures;
    QTabWidget *m_sections;
    QPushButton *m_newCustom;
    QPushButton *m_editCustom;
    QPushButton *m_deleteCustom;
    core::SavedViews *m_definitions = nullptr;
    QTabWidget *m_pages;
    ScheduledReportsView *m_scheduled;
    std::optional<reports::Report> m_report;
};

} // namespace qd::ui
