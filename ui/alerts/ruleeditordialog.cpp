#include "ui/alerts/ruleeditordialog.h"

#include "core/alerts/alertruleservice.h"
#include "core/domain/jsonreader.h"
#include "core/models/customerlistmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace qd::ui {

namespace {
QWidget *withError(QWidget *field, QLabel *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return box;
}
} // namespace

RuleEditorDialog::RuleEditorDialog(const AlertRule &rule, core::CustomerListModel *customers, QWidget *parent)
    : QDialog(parent), m_base(rule), m_name(new QLineEdit(rule.name, this)), m_kind(new QComboBox(this)),
      m_metric(new QLineEdit(rule.metric, this)), m_comparison(new QComboBox(this)), m_threshold(new QDoubleSpinBox(this)),
      m_duration(new QSpinBox(this)), m_scopeKind(new QComboBox(this)), m_scopeValue(new QLineEdit(rule.scopeValue, this)),
      m_severity(new QComboBox(this)), m_enabled(new QCheckBox(tr("Enabled"), this)), m_renotify(new QSpinBox(this)),
      m_general(new QLabel(this))
{
    setWindowTitle(rule.id.isEmpty() ? tr("New alert rule") : tr("Edit alert rule"));
    setObjectName(QStringLiteral("ruleEditor"));
    m_name->setObjectName(QStringLiteral("rule.name"));
    m_name->setAccessibleName(tr("Rule name"));
    m_name->setPlaceholderText(tr("e.g. CPU high on servers"));
    m_kind->addItems({tr("Metric threshold"), tr("Offline for a while"), tr("Not seen for days"), tr("Backup failed"), tr("Disk predicted full")});
    m_kind->setCurrentIndex(int(rule.kind));
    m_kind->setAccessibleName(tr("Kind"));
    m_metric->setPlaceholderText(tr("cpu.percent, mem.percent, disk.percent or disk.percent:/var"));
    m_metric->setAccessibleName(tr("Metric"));
    m_comparison->addItems({QStringLiteral(">"), QStringLiteral("≥"), QStringLiteral("<"), QStringLiteral("≤")});
    m_comparison->setCurrentIndex(int(rule.comparison));
    m_comparison->setAccessibleName(tr("Comparison"));
    m_threshold->setRange(-1e12, 1e12);
    m_threshold->setDecimals(2);
    m_threshold->setValue(rule.threshold);
    m_threshold->setAccessibleName(tr("Threshold"));
    m_duration->setObjectName(QStringLiteral("rule.duration"));
    m_duration->setRange(-1, 30 * 86400); // -1 lets a wrong value reach the check that explains it
    m_duration->setSuffix(tr(" s"));
    m_duration->setValue(int(rule.durationSeconds));
    m_duration->setAccessibleName(tr("Duration in seconds"));
    m_scopeKind->addItems({tr("All devices"), tr("Customer"), tr("Device type"), tr("Tag"), tr("One device")});
    m_scopeKind->setCurrentIndex(int(rule.scopeKind));
    m_scopeKind->setAccessibleName(tr("Applies to"));
    m_scopeValue->setAccessibleName(tr("Scope value"));
    m_scopeValue->setPlaceholderText(tr("customer id, device type, tag or device id"));
    if (customers && customers->rowCount() > 0) {
        QStringList ids;
        for (int r = 0; r < customers->rowCount(); ++r)
            ids << tr("%1 = %2").arg(customers->index(r, 0).data().toString(), customers->index(r, 0).data(core::CustomerListModel::IdRole).toString());
        m_scopeValue->setToolTip(tr("Customers:\n%1").arg(ids.mid(0, 20).join(QLatin1Char('\n'))));
    }
    m_severity->addItems({tr("Info"), tr("Warning"), tr("Critical")});
    m_severity->setCurrentIndex(int(rule.severity));
    m_severity->setAccessibleName(tr("Severity"));
    m_enabled->setChecked(rule.enabled);
    m_renotify->setRange(0, 7 * 86400);
    m_renotify->setSuffix(tr(" s"));
    m_renotify->setSpecialValueText(tr("notify once"));
    m_renotify->setValue(int(rule.renotifySeconds));
    m_renotify->setAccessibleName(tr("Re-notify interval"));
    m_general->setWordWrap(true);
    m_general->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_general->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), withError(m_name, errorLabel(QStringLiteral("name"))));
    form->addRow(tr("&Kind:"), withError(m_kind, errorLabel(QStringLiteral("kind"))));
    form->addRow(tr("&Metric:"), withError(m_metric, errorLabel(QStringLiteral("metric"))));
    form->addRow(tr("C&omparison:"), withError(m_comparison, errorLabel(QStringLiteral("comparison"))));
    form->addRow(tr("&Threshold:"), withError(m_threshold, errorLabel(QStringLiteral("threshold"))));
    form->addRow(tr("&Duration:"), withError(m_duration, errorLabel(QStringLiteral("duration_seconds"))));
    form->addRow(tr("&Applies to:"), withError(m_scopeKind, errorLabel(QStringLiteral("scope.kind"))));
    form->addRow(tr("Scope &value:"), withError(m_scopeValue, errorLabel(QStringLiteral("scope.value"))));
    form->addRow(tr("&Severity:"), withError(m_severity, errorLabel(QStringLiteral("severity"))));
    form->addRow(tr("&Re-notify every:"), withError(m_renotify, errorLabel(QStringLiteral("renotify_seconds"))));
    form->addRow(QString(), m_enabled);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &RuleEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RuleEditorDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_general);
    layout->addWidget(buttons);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &RuleEditorDialog::updateKind);
    updateKind();
    setMinimumWidth(520);
}

QLabel *RuleEditorDialog::errorLabel(const QString &field)
{
    auto *label = new QLabel(this);
    label->setObjectName(QStringLiteral("rule.error.") + field);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setWordWrap(true);
    label->hide();
    m_errors.insert(field, label);
    return label;
}

void RuleEditorDialog::updateKind()
{
    const auto kind = RuleKind(m_kind->currentIndex());
    const bool threshold = kind == RuleKind::Threshold;
    m_metric->setEnabled(threshold);
    m_comparison->setEnabled(threshold);
    m_threshold->setEnabled(threshold || kind == RuleKind::NotSeen || kind == RuleKind::DiskTrend);
    m_threshold->setToolTip(threshold ? tr("The limit the metric is compared with") : tr("Days"));
}

QJsonObject RuleEditorDialog::body() const
{
    return core::AlertRuleService::body(rule());
}

AlertRule RuleEditorDialog::rule() const
{
    AlertRule r = m_base;
    r.name = m_name->text().trimmed();
    r.kind = RuleKind(m_kind->currentIndex());
    r.metric = r.kind == RuleKind::Threshold ? m_metric->text().trimmed() : QString();
    r.comparison = Comparison(m_comparison->currentIndex());
    r.threshold = m_threshold->value();
    r.durationSeconds = m_duration->value();
    r.scopeKind = ScopeKind(m_scopeKind->currentIndex());
    r.scopeValue = r.scopeKind == ScopeKind::All ? QString() : m_scopeValue->text().trimmed();
    r.severity = Severity(m_severity->currentIndex());
    r.enabled = m_enabled->isChecked();
    r.renotifySeconds = m_renotify->value();
    return r;
}

QMap<QString, QString> RuleEditorDialog::shownErrors() const
{
    QMap<QString, QString> out;
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        if (!it.value()->isHidden())
            out.insert(it.key(), it.value()->text());
    return out;
}

void RuleEditorDialog::showErrors(const QMap<QString, QString> &errors)
{
    QStringList unplaced;
    for (QLabel *l : std::as_const(m_errors))
        l->hide();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
        // "scope" problems go under the scope value; anything without a field of its own below.
        QLabel *label = m_errors.value(it.key(), m_errors.value(it.key().section(QLatin1Char('.'), 0, 0) + QStringLiteral(".value")));
        const QString text = tr("This %1").arg(it.value());
        if (label) {
            label->setText(text);
            label->show();
        } else {
            unplaced << tr("%1 %2").arg(it.key(), it.value());
        }
    }
    m_general->setText(unplaced.join(QLatin1Char('\n')));
    m_general->setVisible(!unplaced.isEmpty());
}

void RuleEditorDialog::showServerErrors(const QMap<QString, QString> &errors, const QString &message)
{
    setEnabled(true);
    showErrors(errors);
    if (errors.isEmpty()) {
        m_general->setText(message);
        m_general->show();
    }
}

void RuleEditorDialog::accept()
{
    FieldErrors errors;
    AlertRule defaults;
    (void)applyRuleJson(m_base.id.isEmpty() ? defaults : m_base, body(), errors);
    const QJsonObject json = errors.toJson();
    QMap<QString, QString> map;
    for (auto it = json.begin(); it != json.end(); ++it)
        map.insert(it.key(), it.value().toString());
    if (!map.isEmpty())
        return showErrors(map);
    showErrors({});
    setEnabled(false); // until the server answers
    emit submitted(rule());
}

void RuleEditorDialog::saved()
{
    setEnabled(true);
    QDialog::accept();
}

} // namespace qd::ui
