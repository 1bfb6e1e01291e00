#include "ui/reports/scheduledialog.h"

#include "core/api/apierror.h"
#include "reports/model/customreport.h"
#include "reports/model/report.h"
#include "core/models/customerlistmodel.h"
#include "core/reporting/reportscheduleservice.h"
#include "ui/reports/reportschedulemodels.h"
#include "core/views/savedviews.h"
#include "ui/common/uistyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace qd::ui {

namespace {

constexpr int maxRecipients = 50;
constexpr int definitionRole = Qt::UserRole + 1;

void choose(QComboBox *box, const QString &value)
{
    box->setCurrentIndex(std::max(0, box->findData(value)));
}

} // namespace

void fillCustomerChoice(QComboBox *box, core::CustomerListModel *customers, const QString &allText)
{
    const QString current = box->currentData().toString();
    const QSignalBlocker blocker(box);
    box->clear();
    if (!allText.isEmpty())
        box->addItem(allText, QString());
    for (int row = 0; row < customers->rowCount(); ++row) {
        const QModelIndex idx = customers->index(row, core::CustomerListModel::NameColumn);
        box->addItem(idx.data().toString(), idx.data(core::CustomerListModel::IdRole));
    }
    box->setCurrentIndex(std::max(0, box->findData(current)));
}

ScheduleDialog::ScheduleDialog(core::ReportScheduleService *service, core::CustomerListModel *customers,
                               const core::ReportScheduleEntry &schedule, core::SavedViews *customReports, QWidget *parent)
    : QDialog(parent), m_service(service), m_original(schedule), m_name(new QLineEdit(this)), m_kind(new QComboBox(this)),
      m_customer(new QComboBox(this)), m_frequency(new QComboBox(this)), m_format(new QComboBox(this)),
      m_pageSize(new QComboBox(this)), m_recipients(new QLineEdit(this)), m_enabled(new QCheckBox(tr("&Enabled"), this)),
      m_message(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("scheduleDialog"));
    setWindowTitle(schedule.id.isEmpty() ? tr("New report schedule") : tr("Edit report schedule"));
    m_name->setObjectName(QStringLiteral("schedule.name"));
    m_name->setMaxLength(200);
    m_name->setPlaceholderText(tr("e.g. Monthly availability for Acme"));
    for (reports::ReportKind k : reports::allReportKinds())
        m_kind->addItem(reports::reportKindTitle(k), reports::reportKindName(k));
    // Custom reports: the saved definitions, and the schedule's own when it is not among them.
    QList<QJsonObject> custom;
    if (customReports) {
        for (const QString &name : customReports->names()) {
            const QJsonObject json = QJsonDocument::fromJson(customReports->state(name)).object();
            if (reports::CustomReportDefinition::fromJson(json))
                custom.append(json);
        }
    }
    const QString ownName = schedule.definition.value(QLatin1String("name")).toString();
    if (schedule.kind == QLatin1String("custom")
        && std::none_of(custom.cbegin(), custom.cend(), [&](const QJsonObject &j) { return j.value(QLatin1String("name")).toString() == ownName; }))
        custom.prepend(schedule.definition);
    for (const QJsonObject &json : std::as_const(custom)) {
        m_kind->addItem(tr("Custom: %1").arg(json.value(QLatin1String("name")).toString()), QStringLiteral("custom"));
        m_kind->setItemData(m_kind->count() - 1, json, definitionRole);
    }
    m_kind->setObjectName(QStringLiteral("schedule.kind"));
    m_customer->setObjectName(QStringLiteral("schedule.customer"));
    fillCustomerChoice(m_customer, customers, tr("All customers"));
    for (const char *f : {"daily", "weekly", "monthly"})
        m_frequency->addItem(frequencyText(QLatin1String(f)), QLatin1String(f));
    m_frequency->setObjectName(QStringLiteral("schedule.frequency"));
    m_frequency->setToolTip(tr("Reports run at 06:00 UTC and cover the whole day, week or month before."));
    for (const char *f : {"pdf", "xlsx", "csv"})
        m_format->addItem(formatText(QLatin1String(f)), QLatin1String(f));
    m_format->setObjectName(QStringLiteral("schedule.format"));
    m_pageSize->addItem(tr("A4"), QStringLiteral("a4"));
    m_pageSize->addItem(tr("Letter"), QStringLiteral("letter"));
    m_recipients->setObjectName(QStringLiteral("schedule.recipients"));
    m_recipients->setPlaceholderText(tr("name@example.com, other@example.com — empty: keep in the history only"));
    m_enabled->setObjectName(QStringLiteral("schedule.enabled"));
    m_message->setObjectName(QStringLiteral("schedule.message"));
    m_message->setWordWrap(true);
    QPalette warning = m_message->palette();
    warning.setColor(QPalette::WindowText, severityColor(Severity::Critical));
    m_message->setPalette(warning);
    m_message->hide();

    m_name->setText(schedule.name);
    if (schedule.kind == QLatin1String("custom")) {
        for (int i = 0; i < m_kind->count(); ++i)
            if (m_kind->itemData(i, definitionRole).toJsonObject().value(QLatin1String("name")).toString() == ownName)
                m_kind->setCurrentIndex(i);
    } else {
        choose(m_kind, schedule.kind.isEmpty() ? QStringLiteral("inventory") : schedule.kind);
    }
    choose(m_customer, schedule.customerId);
    choose(m_frequency, schedule.frequency.isEmpty() ? QStringLiteral("weekly") : schedule.frequency);
    choose(m_format, schedule.format);
    choose(m_pageSize, schedule.pageSize);
    m_recipients->setText(schedule.recipients.join(QStringLiteral(", ")));
    m_enabled->setChecked(schedule.enabled);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Report:"), m_kind);
    form->addRow(tr("&Customer:"), m_customer);
    form->addRow(tr("R&uns:"), m_frequency);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Page si&ze:"), m_pageSize);
    form->addRow(tr("&Mail to:"), m_recipients);
    form->addRow(QString(), m_enabled);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ScheduleDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QComboBox::currentIndexChanged, this,
            [this] { m_pageSize->setEnabled(m_format->currentData().toString() == QLatin1String("pdf")); });
    m_pageSize->setEnabled(m_format->currentData().toString() == QLatin1String("pdf"));
    connect(m_service, &core::ReportScheduleService::saved, this, [this] {
        if (m_saving)
            QDialog::accept();
    });
    connect(m_service, &core::ReportScheduleService::failed, this, &ScheduleDialog::failed);
    resize(520, sizeHint().height());
}

core::ReportScheduleEntry ScheduleDialog::schedule(QString *problem) const
{
    core::ReportScheduleEntry s = m_original;
    s.name = m_name->text().simplified();
    s.kind = m_kind->currentData().toString();
    s.definition = s.kind == QLatin1String("custom") ? m_kind->currentData(definitionRole).toJsonObject() : QJsonObject();
    s.customerId = m_customer->currentData().toString();
    s.frequency = m_frequency->currentData().toString();
    s.format = m_format->currentData().toString();
    s.pageSize = m_pageSize->currentData().toString();
    s.enabled = m_enabled->isChecked();
    s.recipients.clear();
    QString why;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    static const QRegularExpression address(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    for (const QString &part : m_recipients->text().split(separators, Qt::SkipEmptyParts)) {
        const QString email = part.trimmed().toLower();
        if (!address.match(email).hasMatch() && why.isEmpty())
            why = tr("“%1” is not an e-mail address.").arg(part);
        if (!s.recipients.contains(email))
            s.recipients.append(email);
    }
    if (s.recipients.size() > maxRecipients && why.isEmpty())
        why = tr("At most %1 addresses, please (use a distribution list).").arg(maxRecipients);
    if (s.name.isEmpty())
        why = tr("Give the schedule a name.");
    if (problem)
        *problem = why;
    return s;
}

void ScheduleDialog::accept()
{
    QString problem;
    const core::ReportScheduleEntry s = schedule(&problem);
    if (!problem.isEmpty()) {
        m_message->setText(problem);
        m_message->show();
        return;
    }
    m_message->hide();
    m_saving = true;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    if (s.id.isEmpty())
        m_service->create(s);
    else
        m_service->update(s);
}

void ScheduleDialog::failed(const QString &what, const core::ApiError &error)
{
    if (!m_saving)
        return;
    m_saving = false;
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
    QStringList lines{what + QLatin1Char(':') + QLatin1Char(' ') + error.message()};
    const QMap<QString, QString> fields = error.fieldErrors();
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        lines << tr("%1: %2").arg(it.key(), it.value());
    m_message->setText(lines.join(QLatin1Char('\n')));
    m_message->show();
}

} // namespace qd::ui
