#pragma once

#include "core/domain/alert.h"

#include <QDialog>
#include <QHash>
#include <QMap>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace qd::core {
class CustomerListModel;
}

namespace qd::ui {

// Creates or edits one alert rule. Checks it as the server will (qd::applyRuleJson) and shows
// each problem under its field. Valid input is handed out with submitted(); the dialog stays
// open until the caller reports the server saved it (saved()) or shows the server's own
// objections under the fields (showServerErrors()).
class RuleEditorDialog : public QDialog
{
    Q_OBJECT

public:
    RuleEditorDialog(const AlertRule &rule, core::CustomerListModel *customers, QWidget *parent = nullptr);

    AlertRule rule() const;
    // field (as the API names it, e.g. "name", "duration_seconds", "scope.value") → message.
    QMap<QString, QString> shownErrors() const;
    void showServerErrors(const QMap<QString, QString> &errors, const QString &message);

    // Named fields for tests and accessibility.
    QLineEdit *nameField() const { return m_name; }
    QSpinBox *durationField() const { return m_duration; }

    void accept() override;
    void saved();

signals:
    void submitted(const qd::AlertRule &rule);

private:
    QJsonObject body() const;
    void showErrors(const QMap<QString, QString> &errors);
    void updateKind();
    QLabel *errorLabel(const QString &field);

    AlertRule m_base;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLineEdit *m_metric;
    QComboBox *m_comparison;
    QDoubleSpinBox *m_threshold;
    QSpinBox *m_duration;
    QComboBox *m_scopeKind;
    QLineEdit *m_scopeValue;
    QComboBox *m_severity;
    QCheckBox *m_enabled;
    QSpinBox *m_renotify;
    QLabel *m_general;
    QHash<QString, QLabel *> m_errors;
};

} // namespace qd::ui
