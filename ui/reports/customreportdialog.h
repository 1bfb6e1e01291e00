#pragma once

#include "reports/model/customreport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QStandardItemModel;

namespace qd::ui {

// Defines a custom report: name, what the rows are (devices or alerts), the columns, filters,
// grouping with a chart, and the order. OK only with a usable definition and a name not taken.
class CustomReportDialog : public QDialog
{
    Q_OBJECT

public:
    // `takenNames`: the names of the other saved definitions (case-insensitive).
    CustomReportDialog(const reports::CustomReportDefinition &definition, const QStringList &takenNames, QWidget *parent = nullptr);

    reports::CustomReportDefinition definition() const;
    void accept() override;

    // Checks the columns with these keys only, in this order, listed first.
    void setColumns(const QStringList &keys);

private:
    void entityChanged();
    void fillChoices(const reports::CustomReportDefinition &definition);
    static QStringList checkedKeys(const QStandardItemModel *model);
    void moveColumn(int by); // the selected column, up (-1) or down (+1)

    QStringList m_taken;
    QLineEdit *m_name;
    QComboBox *m_entity;
    QStandardItemModel *m_columns;
    QListView *m_columnList;
    QStandardItemModel *m_statuses;
    QStandardItemModel *m_states;
    QListView *m_stateList;
    QLabel *m_stateLabel;
    QLabel *m_statusLabel;
    QLineEdit *m_text;
    QComboBox *m_groupBy;
    QComboBox *m_chart;
    QComboBox *m_sortBy;
    QCheckBox *m_descending;
    QLabel *m_message;
};

} // namespace qd::ui
