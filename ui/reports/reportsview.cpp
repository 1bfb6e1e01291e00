#include "ui/reports/reportsview.h"

#include "reports/cache/cachereportsource.h"
#include "ui/common/listtable.h"
#include "ui/common/tableexport.h"
#include "reports/model/reporttablemodel.h"
#include "core/models/customerlistmodel.h"
#include "reports/render/pdfcharts.h"
#include "reports/render/renderers.h"
#include "ui/reports/customreportdialog.h"
#include "ui/reports/scheduledialog.h"
#include "core/views/savedviews.h"
#include "ui/reports/scheduledreportsview.h"
#include "core/session/workspace.h"

#include <QChartView>
#include <QComboBox>
#include <QJsonDocument>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace qd::ui {

using reports::ReportKind;

ReportsView::ReportsView(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_kind(new QComboBox(this)), m_customer(new QComboBox(this)),
      m_from(new QDateEdit(this)), m_to(new QDateEdit(this)), m_pageSize(new QComboBox(this)),
      m_preview(new QPushButton(tr("&Preview"), this)), m_savePdf(new QPushButton(tr("Save &PDF…"), this)),
      m_saveXlsx(new QPushButton(tr("Save &Excel…"), this)), m_message(new QLabel(this)), m_figures(new QLabel(this)),
      m_sections(new QTabWidget(this)), m_newCustom(new QPushButton(tr("&New custom…"), this)),
      m_editCustom(new QPushButton(tr("Ed&it…"), this)), m_deleteCustom(new QPushButton(tr("De&lete"), this)), m_pages(new QTabWidget(this)), m_scheduled(new ScheduledReportsView(workspace, this))
{
    setObjectName(QStringLiteral("reportsView"));
    rebuildKinds();
    m_kind->setObjectName(QStringLiteral("reports.kind"));
    m_newCustom->setObjectName(QStringLiteral("reports.newCustom"));
    m_newCustom->setToolTip(tr("Define a report of your own: rows, columns, filters, grouping and chart"));
    m_editCustom->setObjectName(QStringLiteral("reports.editCustom"));
    m_deleteCustom->setObjectName(QStringLiteral("reports.deleteCustom"));
    m_customer->setObjectName(QStringLiteral("reports.customer"));
    const QDate today = QDate::currentDate();
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMaximumDate(today);
    }
    m_from->setDate(today.addDays(-30));
    m_to->setDate(today);
    m_pageSize->addItem(tr("A4"), QStringLiteral("a4"));
    m_pageSize->addItem(tr("Letter"), QStringLiteral("letter"));
    m_preview->setObjectName(QStringLiteral("reports.preview"));
    m_preview->setDefault(true);
    m_preview->setToolTip(tr("Build the report from the local data (Ctrl+Return)"));
    m_savePdf->setObjectName(QStringLiteral("reports.savePdf"));
    m_saveXlsx->setObjectName(QStringLiteral("reports.saveXlsx"));
    m_message->setObjectName(QStringLiteral("reports.message"));
    m_message->setWordWrap(true);
    m_figures->setObjectName(QStringLiteral("reports.figures"));
    m_figures->setWordWrap(true);
    m_figures->setTextFormat(Qt::RichText);
    m_sections->setObjectName(QStringLiteral("reports.sections"));
    m_sections->setDocumentMode(true);

    auto *form = new QFormLayout;
    auto *kindRow = new QHBoxLayout;
    kindRow->addWidget(m_kind, 1);
    kindRow->addWidget(m_newCustom);
    kindRow->addWidget(m_editCustom);
    kindRow->addWidget(m_deleteCustom);
    auto *kindLabel = new QLabel(tr("&Report:"), this);
    kindLabel->setBuddy(m_kind);
    form->addRow(kindLabel, kindRow);
    form->addRow(tr("&Customer:"), m_customer);
    auto *range = new QHBoxLayout;
    range->addWidget(m_from);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_to);
    range->addStretch(1);
    auto *periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_from);
    form->addRow(periodLabel, range);
    form->addRow(tr("Page si&ze:"), m_pageSize);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_preview);
    buttons->addWidget(m_savePdf);
    buttons->addWidget(m_saveXlsx);
    buttons->addStretch(1);
    auto *build = new QWidget(this);
    build->setObjectName(QStringLiteral("reports.build"));
    auto *layout = new QVBoxLayout(build);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_figures);
    layout->addWidget(m_sections, 1);
    m_pages->setObjectName(QStringLiteral("reports.pages"));
    m_pages->addTab(build, tr("&Build a report"));
    m_pages->addTab(m_scheduled, tr("Sc&heduled"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);

    connect(m_preview, &QPushButton::clicked, this, &ReportsView::preview);
    connect(m_newCustom, &QPushButton::clicked, this, &ReportsView::newCustom);
    connect(m_editCustom, &QPushButton::clicked, this, &ReportsView::editCustom);
    connect(m_deleteCustom, &QPushButton::clicked, this, &ReportsView::deleteCustom);
    connect(m_savePdf, &QPushButton::clicked, this, [this] { saveInteractively(QStringLiteral("pdf")); });
    connect(m_saveXlsx, &QPushButton::clicked, this, [this] { saveInteractively(QStringLiteral("xlsx")); });
    auto *run = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(run, &QShortcut::activated, this, &ReportsView::preview);
    for (QComboBox *box : {m_kind, m_customer})
        connect(box, &QComboBox::currentIndexChanged, this, &ReportsView::formChanged);
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &ReportsView::formChanged);
    core::CustomerListModel *customers = m_workspace->customers();
    connect(customers, &QAbstractItemModel::modelReset, this, &ReportsView::rebuildCustomers);
    connect(customers, &QAbstractItemModel::rowsInserted, this, &ReportsView::rebuildCustomers);
    connect(customers, &QAbstractItemModel::rowsRemoved, this, &ReportsView::rebuildCustomers);
    rebuildCustomers();
    formChanged();
}

void ReportsView::rebuildKinds()
{
    const QString current = m_kind->currentIndex() >= 0 ? m_kind->currentText() : QString();
    const QSignalBlocker blocker(m_kind);
    m_kind->clear();
    for (ReportKind k : reports::allReportKinds())
        m_kind->addItem(reports::reportKindTitle(k), int(k));
    if (m_definitions) {
        const QStringList names = m_definitions->names();
        if (!names.isEmpty())
            m_kind->insertSeparator(m_kind->count());
        for (const QString &name : names) {
            m_kind->addItem(tr("Custom: %1").arg(name), -1);
            m_kind->setItemData(m_kind->count() - 1, name, Qt::UserRole + 1);
        }
    }
    m_kind->setCurrentIndex(std::max(0, m_kind->findText(current)));
}

void ReportsView::setCustomDefinitions(core::SavedViews *definitions)
{
    m_definitions = definitions;
    m_scheduled->setCustomDefinitions(definitions);
    rebuildKinds();
    formChanged();
}

std::optional<reports::CustomReportDefinition> ReportsView::currentCustom() const
{
    const QString name = m_kind->currentData(Qt::UserRole + 1).toString();
    if (name.isEmpty() || !m_definitions)
        return std::nullopt;
    const auto json = QJsonDocument::fromJson(m_definitions->state(name)).object();
    auto definition = reports::CustomReportDefinition::fromJson(json);
    if (!definition)
        return std::nullopt;
    return std::move(definition).value();
}

bool ReportsView::selectCustom(const QString &name)
{
    const int index = m_kind->findData(name, Qt::UserRole + 1);
    if (index < 0)
        return false;
    m_kind->setCurrentIndex(index);
    return true;
}

Status ReportsView::saveCustom(const reports::CustomReportDefinition &definition, const QString &replacing)
{
    if (!m_definitions)
        return failure(tr("custom reports cannot be saved here"));
    if (const QString problem = definition.problem(); !problem.isEmpty())
        return failure(problem);
    if (Status s = m_definitions->save(definition.name, QJsonDocument(definition.toJson()).toJson(QJsonDocument::Compact)); !s)
        return s;
    if (!replacing.isEmpty() && replacing.compare(definition.name, Qt::CaseInsensitive) != 0)
        m_definitions->remove(replacing);
    rebuildKinds();
    selectCustom(definition.name);
    formChanged();
    return success();
}

void ReportsView::newCustom()
{
    if (!m_definitions)
        return;
    reports::CustomReportDefinition fresh;
    fresh.columns = reports::defaultCustomColumns(fresh.entity);
    CustomReportDialog dialog(fresh, m_definitions->names(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (Status s = saveCustom(dialog.definition()); !s)
        m_message->setText(tr("The custom report could not be saved: %1").arg(s.error()));
}

void ReportsView::editCustom()
{
    const auto current = currentCustom();
    if (!current)
        return;
    QStringList others = m_definitions->names();
    others.removeAll(current->name);
    CustomReportDialog dialog(*current, others, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (Status s = saveCustom(dialog.definition(), current->name); !s)
        m_message->setText(tr("The custom report could not be saved: %1").arg(s.error()));
}

void ReportsView::deleteCustom()
{
    const auto current = currentCustom();
    if (!current)
        return;
    if (QMessageBox::question(this, tr("Delete custom report"), tr("Delete the custom report “%1”?").arg(current->name),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    m_definitions->remove(current->name);
    rebuildKinds();
    formChanged();
}

void ReportsView::rebuildCustomers()
{
    fillCustomerChoice(m_customer, m_workspace->customers(), tr("All customers"));
}

void ReportsView::showScheduled()
{
    m_pages->setCurrentWidget(m_scheduled);
}

void ReportsView::setKind(ReportKind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void ReportsView::setCustomer(const QString &customerId)
{
    m_customer->setCurrentIndex(std::max(0, m_customer->findData(customerId)));
}

void ReportsView::formChanged()
{
    // Inventory, patches and backup (and custom device reports) are snapshots of the latest
    // data: no period.
    const auto custom = currentCustom();
    const auto kind = ReportKind(m_kind->currentData().toInt());
    const bool ranged = custom ? custom->entity == reports::CustomEntity::Alerts
                               : kind == ReportKind::Alerts || kind == ReportKind::Availability;
    m_editCustom->setEnabled(custom.has_value());
    m_deleteCustom->setEnabled(custom.has_value());
    m_newCustom->setEnabled(m_definitions != nullptr);
    m_from->setEnabled(ranged);
    m_to->setEnabled(ranged);
    m_from->setMaximumDate(m_to->date());
    m_report.reset();
    m_savePdf->setEnabled(true);
    m_saveXlsx->setEnabled(true);
    m_message->setText(tr("Choose a report and press Preview. Reports are built from this computer's copy of the data, "
                          "so they work offline too."));
    m_figures->clear();
    m_sections->clear();
}

bool ReportsView::preview()
{
    reports::ReportOptions options;
    options.kind = ReportKind(m_kind->currentData().toInt());
    options.customerId = m_customer->currentData().toString();
    options.customerName = options.customerId.isEmpty() ? QString() : m_customer->currentText();
    options.from = m_from->date().startOfDay();
    options.to = m_to->date() == QDate::currentDate() ? QDateTime::currentDateTime() : m_to->date().addDays(1).startOfDay();
    Result<reports::Report> built = Result<reports::Report>::fail(QString());
    if (const auto custom = currentCustom()) {
        const auto data = reports::loadReportData(m_workspace->store(),
                                                  custom->entity == reports::CustomEntity::Alerts ? ReportKind::Alerts : ReportKind::Inventory,
                                                  options.customerId);
        built = data ? Result<reports::Report>::ok(reports::buildCustomReport(data.value(), *custom, options))
                     : Result<reports::Report>::fail(data.error());
    } else {
        built = reports::buildReportFromCache(m_workspace->store(), options);
    }
    m_sections->clear();
    if (!built) {
        m_report.reset();
        m_figures->clear();
        m_message->setText(tr("This report cannot be built: %1").arg(built.error()));
        return false;
    }
    m_report = std::move(built).value();
    showReport();
    return true;
}

void ReportsView::showReport()
{
    const reports::Report &r = *m_report;
    m_message->setText(tr("%1 · %2 · %3").arg(r.title, r.scope, r.rangeText()));
    QStringList figures;
    for (const reports::ReportFigure &f : r.summary)
        figures << tr("<b>%1</b> %2").arg(f.value.toHtmlEscaped(), f.label.toHtmlEscaped());
    m_figures->setText(figures.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    for (const reports::ReportSection &section : r.sections) {
        auto *model = new reports::ReportTableModel(m_sections);
        model->setTable(section.table);
        auto *proxy = new QSortFilterProxyModel(model);
        proxy->setSourceModel(model);
        proxy->setSortRole(reports::ReportTableModel::SortRole);
        auto *table = new QTableView(m_sections);
        table->setModel(proxy);
        setUpListTable(table);
        table->setSortingEnabled(true);
        table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        if (section.table.rows.size() <= 2000) // measuring more rows would stall the window
            table->resizeColumnsToContents();
        QWidget *page = table;
        // The section's chart above its table, as in the PDF.
        if (section.chart) {
            if (QChart *chart = reports::makeChart(section.table, *section.chart)) {
                chart->setBackgroundVisible(true); // the light chart stays legible on a dark window
                auto *view = new QChartView(chart);
                view->setObjectName(QStringLiteral("reports.chart"));
                view->setRenderHint(QPainter::Antialiasing);
                // Room for every bar's label (Qt Charts drops labels that would overlap).
                const qsizetype bars = section.chart->maxRows > 0 ? std::min<qsizetype>(section.chart->maxRows, section.table.rows.size())
                                                                  : section.table.rows.size();
                view->setMinimumHeight(section.chart->kind == reports::ReportChart::Kind::Bar
                                           ? int(std::clamp<qsizetype>(110 + 26 * bars, 220, 440))
                                           : 240);
                auto *split = new QSplitter(Qt::Vertical, m_sections);
                split->addWidget(view);
                split->addWidget(table);
                split->setStretchFactor(0, 2);
                split->setStretchFactor(1, 3);
                page = split;
            }
        }
        m_sections->addTab(page, tr("%1 (%2)").arg(section.title).arg(section.table.rows.size()));
    }
}

bool ReportsView::saveTo(const QString &path)
{
    if (!m_report && !preview())
        return false;
    reports::PdfOptions pdf;
    pdf.pageSize = reports::pageSizeFromName(m_pageSize->currentData().toString()).value_or(QPageSize(QPageSize::A4));
    const QString format = QFileInfo(path).suffix().toLower() == QLatin1String("pdf") ? QStringLiteral("pdf") : QStringLiteral("xlsx");
    // The worker gets its own (implicitly shared) copy: the form may drop m_report meanwhile.
    const reports::Report report = *m_report;
    const Status written = writeWithProgress(tr("Save report"), tr("Writing %1…").arg(QFileInfo(path).fileName()), this,
                                             [&](const reports::RenderProgress &step) { return reports::writeReport(report, format, path, pdf, step); },
                                             format != QLatin1String("pdf"));
    if (!written) {
        m_message->setText(written.error() == reports::cancelledMessage() ? tr("Saving was cancelled; nothing was written.")
                                                                          : tr("The report could not be saved: %1").arg(written.error()));
        return false;
    }
    m_message->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void ReportsView::saveInteractively(const QString &suffix)
{
    if (!m_report && !preview())
        return;
    const QString name = QStringLiteral("%1 - %2.%3").arg(m_report->title, m_report->scope, suffix);
    const QString start = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(name);
    QString path = QFileDialog::getSaveFileName(this, tr("Save report"), start,
                                                suffix == QLatin1String("pdf") ? tr("PDF document (*.pdf)") : tr("Excel workbook (*.xlsx)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    saveTo(path);
}

} // namespace qd::ui
