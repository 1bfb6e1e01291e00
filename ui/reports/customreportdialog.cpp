#include "ui/reports/customreportdialog.h"

#include "ui/common/uistyle.h"
#include "core/domain/alert.h"
#include "core/domain/device.h"
#include "core/domain/labels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace qd::ui {

using reports::CustomEntity;
using reports::CustomReportDefinition;

namespace {

constexpr int keyRole = Qt::UserRole + 1;

QListView *checkList(QStandardItemModel *model, QWidget *parent)
{
    auto *view = new QListView(parent);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    return view;
}

void addCheckItem(QStandardItemModel *model, const QString &key, const QString &title, bool checked)
{
    auto *item = new QStandardItem(title);
    item->setData(key, keyRole);
    item->setCheckable(true);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    model->appendRow(item);
}

} // namespace

CustomReportDialog::CustomReportDialog(const CustomReportDefinition &definition, const QStringList &takenNames, QWidget *parent)
    : QDialog(parent), m_taken(takenNames), m_name(new QLineEdit(this)), m_entity(new QComboBox(this)),
      m_columns(new QStandardItemModel(this)), m_statuses(new QStandardItemModel(this)), m_states(new QStandardItemModel(this)),
      m_stateLabel(new QLabel(tr("&State:"), this)), m_statusLabel(new QLabel(this)), m_text(new QLineEdit(this)),
      m_groupBy(new QComboBox(this)), m_chart(new QComboBox(this)), m_sortBy(new QComboBox(this)),
      m_descending(new QCheckBox(tr("&Descending"), this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("customReportDialog"));
    setWindowTitle(definition.name.isEmpty() ? tr("New custom report") : tr("Edit custom report"));
    m_name->setObjectName(QStringLiteral("custom.name"));
    m_name->setMaxLength(CustomReportDefinition::maxNameLength);
    m_name->setPlaceholderText(tr("e.g. Servers with pending updates"));
    m_name->setText(definition.name);
    m_entity->setObjectName(QStringLiteral("custom.entity"));
    for (CustomEntity e : {CustomEntity::Devices, CustomEntity::Alerts})
        m_entity->addItem(reports::customEntityTitle(e), int(e));
    m_entity->setCurrentIndex(m_entity->findData(int(definition.entity)));
    m_text->setObjectName(QStringLiteral("custom.text"));
    m_text->setPlaceholderText(tr("Only rows containing this text (any text column)"));
    m_groupBy->setObjectName(QStringLiteral("custom.groupBy"));
    m_chart->setObjectName(QStringLiteral("custom.chart"));
    m_chart->addItem(tr("Bar chart"), int(CustomReportDefinition::Chart::Bar));
    m_chart->addItem(tr("Pie chart"), int(CustomReportDefinition::Chart::Pie));
    m_chart->addItem(tr("No chart"), int(CustomReportDefinition::Chart::None));
    m_sortBy->setObjectName(QStringLiteral("custom.sortBy"));
    m_message->setObjectName(QStringLiteral("custom.message"));
    m_message->setWordWrap(true);
    QPalette warning = m_message->palette();
    warning.setColor(QPalette::WindowText, severityColor(Severity::Critical));
    m_message->setPalette(warning);
    m_message->hide();

    QListView *columns = checkList(m_columns, this);
    m_columnList = columns;
    columns->setObjectName(QStringLiteral("custom.columns"));
    columns->setToolTip(tr("Tick the columns; Move up / Move down (Alt+Up, Alt+Down) sets their order."));
    auto *up = new QPushButton(tr("Move &up"), this);
    auto *down = new QPushButton(tr("Move do&wn"), this);
    up->setObjectName(QStringLiteral("custom.up"));
    down->setObjectName(QStringLiteral("custom.down"));
    connect(up, &QPushButton::clicked, this, [this] { moveColumn(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveColumn(+1); });
    auto *upKey = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), columns, nullptr, nullptr, Qt::WidgetShortcut);
    auto *downKey = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), columns, nullptr, nullptr, Qt::WidgetShortcut);
    connect(upKey, &QShortcut::activated, this, [this] { moveColumn(-1); });
    connect(downKey, &QShortcut::activated, this, [this] { moveColumn(+1); });
    QListView *statuses = checkList(m_statuses, this);
    statuses->setObjectName(QStringLiteral("custom.statuses"));
    statuses->setMaximumHeight(90);
    m_stateList = checkList(m_states, this);
    m_stateList->setObjectName(QStringLiteral("custom.states"));
    m_stateList->setMaximumHeight(90);
    m_statusLabel->setBuddy(statuses);
    m_stateLabel->setBuddy(m_stateList);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Rows:"), m_entity);
    auto *columnsLabel = new QLabel(tr("&Columns:"), this);
    columnsLabel->setBuddy(columns);
    auto *columnBox = new QHBoxLayout;
    columnBox->addWidget(columns, 1);
    auto *moves = new QVBoxLayout;
    moves->addWidget(up);
    moves->addWidget(down);
    moves->addStretch(1);
    columnBox->addLayout(moves);
    form->addRow(columnsLabel, columnBox);
    form->addRow(m_statusLabel, statuses);
    form->addRow(m_stateLabel, m_stateList);
    form->addRow(tr("&Text:"), m_text);
    auto *group = new QHBoxLayout;
    group->addWidget(m_groupBy, 1);
    group->addWidget(m_chart);
    auto *groupLabel = new QLabel(tr("&Group by:"), this);
    groupLabel->setBuddy(m_groupBy);
    form->addRow(groupLabel, group);
    auto *sort = new QHBoxLayout;
    sort->addWidget(m_sortBy, 1);
    sort->addWidget(m_descending);
    auto *sortLabel = new QLabel(tr("S&ort by:"), this);
    sortLabel->setBuddy(m_sortBy);
    form->addRow(sortLabel, sort);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CustomReportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this] { m_chart->setEnabled(!m_groupBy->currentData().toString().isEmpty()); });

    fillChoices(definition);
    connect(m_entity, &QComboBox::currentIndexChanged, this, &CustomReportDialog::entityChanged);
    resize(560, 640);
}

void CustomReportDialog::entityChanged()
{
    CustomReportDefinition fresh;
    fresh.entity = CustomEntity(m_entity->currentData().toInt());
    fresh.columns = reports::defaultCustomColumns(fresh.entity);
    fillChoices(fresh);
}

void CustomReportDialog::fillChoices(const CustomReportDefinition &d)
{
    const QList<reports::CustomField> fields = reports::customFields(d.entity);
    m_columns->clear();
    m_groupBy->clear();
    m_sortBy->clear();
    m_groupBy->addItem(tr("No grouping"), QString());
    // The chosen columns first, in their order, then the others.
    for (const QString &key : d.columns) {
        if (const auto f = reports::customField(d.entity, key))
            addCheckItem(m_columns, f->key, f->title, true);
    }
    for (const reports::CustomField &f : fields) {
        if (!d.columns.contains(f.key))
            addCheckItem(m_columns, f.key, f.title, false);
        if (f.groupable)
            m_groupBy->addItem(f.title, f.key);
        m_sortBy->addItem(f.title, f.key);
    }
    m_statuses->clear();
    m_states->clear();
    if (d.entity == CustomEntity::Devices) {
        m_statusLabel->setText(tr("&Status:"));
        for (DeviceStatus s : {DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline})
            addCheckItem(m_statuses, deviceStatusName(s), deviceStatusLabel(s), d.statuses.contains(deviceStatusName(s)));
    } else {
        m_statusLabel->setText(tr("&Severity:"));
        for (Severity s : {Severity::Critical, Severity::Warning, Severity::Info})
            addCheckItem(m_statuses, severityName(s), severityLabel(s), d.statuses.contains(severityName(s)));
        for (AlertState s : {AlertState::Open, AlertState::Acknowledged, AlertState::Resolved})
            addCheckItem(m_states, alertStateName(s), alertStateLabel(s), d.states.contains(alertStateName(s)));
    }
    m_stateList->setVisible(d.entity == CustomEntity::Alerts);
    m_stateLabel->setVisible(d.entity == CustomEntity::Alerts);
    m_statusLabel->setToolTip(tr("None checked: every row."));
    m_text->setText(d.text);
    m_groupBy->setCurrentIndex(std::max(0, m_groupBy->findData(d.groupBy)));
    m_chart->setCurrentIndex(m_chart->findData(int(d.chart)));
    m_chart->setEnabled(!d.groupBy.isEmpty());
    m_sortBy->setCurrentIndex(std::max(0, m_sortBy->findData(d.sortBy.isEmpty() ? d.columns.value(0) : d.sortBy)));
    m_descending->setChecked(d.descending);
}

QStringList CustomReportDialog::checkedKeys(const QStandardItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->item(row)->checkState() == Qt::Checked)
            out.append(model->item(row)->data(keyRole).toString());
    }
    return out;
}

CustomReportDefinition CustomReportDialog::definition() const
{
    CustomReportDefinition d;
    d.name = m_name->text().simplified();
    d.entity = CustomEntity(m_entity->currentData().toInt());
    d.columns = checkedKeys(m_columns);
    d.statuses = checkedKeys(m_statuses);
    d.states = d.entity == CustomEntity::Alerts ? checkedKeys(m_states) : QStringList();
    d.text = m_text->text().trimmed();
    d.groupBy = m_groupBy->currentData().toString();
    d.chart = CustomReportDefinition::Chart(m_chart->currentData().toInt());
    d.sortBy = m_sortBy->currentData().toString();
    d.descending = m_descending->isChecked();
    return d;
}

void CustomReportDialog::accept()
{
    const CustomReportDefinition d = definition();
    QString problem = d.problem();
    if (problem.isEmpty() && m_taken.contains(d.name, Qt::CaseInsensitive))
        problem = tr("A custom report named “%1” exists; choose another name.").arg(d.name);
    if (!problem.isEmpty()) {
        m_message->setText(problem);
        m_message->show();
        return;
    }
    QDialog::accept();
}

void CustomReportDialog::setColumns(const QStringList &keys)
{
    CustomReportDefinition d = definition();
    d.columns = keys;
    const QString text = d.text;
    fillChoices(d);
    m_text->setText(text);
}

void CustomReportDialog::moveColumn(int by)
{
    const QModelIndex current = m_columnList->currentIndex();
    if (!current.isValid())
        return;
    const int to = current.row() + by;
    if (to < 0 || to >= m_columns->rowCount())
        return;
    const QList<QStandardItem *> row = m_columns->takeRow(current.row());
    m_columns->insertRow(to, row);
    m_columnList->setCurrentIndex(m_columns->index(to, 0));
}

} // namespace qd::ui
