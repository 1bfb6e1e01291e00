#include "ui/alerts/rulesview.h"

#include "core/alerts/alertrulelistmodel.h"
#include "core/alerts/alertruleservice.h"
#include "ui/alerts/ruleeditordialog.h"
#include "core/cache/cachestore.h"
#include "ui/common/listtable.h"
#include "ui/common/permissions.h"
#include "ui/common/tableexport.h"
#include "core/session/workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace qd::ui {

RulesView::RulesView(core::Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_model(new core::AlertRuleListModel(workspace->store().records(), this)),
      m_proxy(new QSortFilterProxyModel(this)), m_service(new core::AlertRuleService(workspace, this)), m_table(new QTableView(this)),
      m_new(new QPushButton(tr("New rule…"), this)), m_edit(new QPushButton(tr("Edit…"), this)),
      m_toggle(new QPushButton(tr("Disable"), this)), m_delete(new QPushButton(tr("Delete…"), this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("rules"));
    (void)m_model->reload();
    connect(workspace, &core::Workspace::cacheChanged, m_model, [this](const core::CacheChanges &c) { (void)m_model->applyChanges(c); });
    m_proxy->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("rules.table"));
    m_table->setAccessibleName(tr("Alert rules"));
    m_table->setModel(m_proxy);
    setUpListTable(m_table);
    m_table->sortByColumn(core::AlertRuleListModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(core::AlertRuleListModel::ConditionColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(core::AlertRuleListModel::NameColumn, 240);
    addExportAction(m_table, tr("Alert rules"), this, QStringLiteral("rules.export"));
    m_new->setObjectName(QStringLiteral("rules.new"));
    m_toggle->setObjectName(QStringLiteral("rules.toggle"));
    m_status->setObjectName(QStringLiteral("rules.status"));
    m_status->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_new, m_edit, m_toggle, m_delete})
        buttons->addWidget(b);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_new, &QPushButton::clicked, this, &RulesView::createRule);
    connect(m_edit, &QPushButton::clicked, this, &RulesView::editRule);
    connect(m_toggle, &QPushButton::clicked, this, &RulesView::toggleRule);
    connect(m_delete, &QPushButton::clicked, this, &RulesView::deleteRule);
    connect(m_table, &QTableView::activated, this, &RulesView::editRule);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RulesView::refresh);
    connect(m_workspace, &core::Workspace::connectionChanged, this, &RulesView::refresh);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &RulesView::refresh);
    connect(m_service, &core::AlertRuleService::saved, this, [this](const AlertRule &rule) {
        m_status->setText(tr("Saved “%1”.").arg(rule.name));
        if (m_editor)
            m_editor->saved();
    });
    connect(m_service, &core::AlertRuleService::removed, this, [this] { m_status->setText(tr("Rule deleted.")); });
    connect(m_service, &core::AlertRuleService::failed, this, [this](const core::ApiError &error) {
        if (m_editor)
            m_editor->showServerErrors(error.fieldErrors(), error.message());
        m_status->setText(error.message());
    });
    refresh();
}

QString RulesView::statusText() const
{
    return m_status->text();
}

int RulesView::currentRow() const
{
    const QModelIndex idx = m_table->currentIndex();
    return idx.isValid() ? m_proxy->mapToSource(idx).row() : -1;
}

void RulesView::refresh()
{
    const QString why = editBlockedReason(m_workspace, tr("edit alert rules"), true);
    const int row = currentRow();
    m_new->setEnabled(why.isEmpty());
    m_new->setToolTip(why);
    for (QPushButton *b : {m_edit, m_toggle, m_delete}) {
        b->setEnabled(why.isEmpty() && row >= 0);
        b->setToolTip(!why.isEmpty() ? why : row < 0 ? tr("Select a rule first.") : QString());
    }
    if (row >= 0)
        m_toggle->setText(m_model->ruleAt(row).enabled ? tr("Disable") : tr("Enable"));
}

void RulesView::openEditor(const AlertRule &rule)
{
    RuleEditorDialog dialog(rule, m_workspace->customers(), this);
    m_editor = &dialog;
    connect(&dialog, &RuleEditorDialog::submitted, this, [this](const AlertRule &edited) {
        m_status->setText(tr("Saving…"));
        if (edited.id.isEmpty())
            m_service->create(edited);
        else
            m_service->update(edited);
    });
    dialog.exec();
    m_editor = nullptr;
}

void RulesView::createRule()
{
    AlertRule rule;
    rule.kind = RuleKind::Threshold;
    rule.metric = QStringLiteral("cpu.percent");
    rule.threshold = 90;
    rule.durationSeconds = 300;
    rule.severity = Severity::Warning;
    openEditor(rule);
}

void RulesView::editRule()
{
    if (const int row = currentRow(); row >= 0)
        openEditor(m_model->ruleAt(row));
}

void RulesView::toggleRule()
{
    if (const int row = currentRow(); row >= 0) {
        const AlertRule rule = m_model->ruleAt(row);
        m_service->setEnabled(rule, !rule.enabled);
    }
}

void RulesView::deleteRule()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const AlertRule rule = m_model->ruleAt(row);
    if (QMessageBox::question(this, tr("Delete rule"), tr("Delete the rule “%1”? Its open alerts stay until resolved.").arg(rule.name))
        == QMessageBox::Yes)
        m_service->remove(rule);
}

} // namespace qd::ui
