#include "ui/alerts/alertdetails.h"

#include "ui/common/uistyle.h"
#include "core/models/alertlistmodel.h"

#include <QLocale>

namespace qd::ui {

AlertDetails::AlertDetails(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("alerts.details"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAlignment(Qt::AlignTop | Qt::AlignLeft);
    setMargin(8);
    showAlert(std::nullopt);
}

void AlertDetails::showAlert(const std::optional<Alert> &alert)
{
    if (!alert) {
        setText(tr("<i>Select an alert to see its details.</i>"));
        return;
    }
    const Alert &a = *alert;
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString html = QStringLiteral("<b>%1</b><br>").arg(esc(a.message));
    html += tr("%1 · %2 · device %3<br>").arg(core::AlertListModel::severityLabel(a.severity), core::AlertListModel::stateLabel(a.state), esc(a.hostname));
    html += tr("Rule: %1<br>").arg(esc(a.ruleName));
    if (a.value && a.threshold)
        html += tr("Value %1 against threshold %2 (%3)<br>")
                    .arg(QLocale().toString(*a.value, 'f', 1), QLocale().toString(*a.threshold, 'f', 1), esc(a.metric));
    html += tr("Condition since %1, raised %2<br>").arg(formatLocalTime(a.startedAt), formatLocalTime(a.raisedAt));
    if (a.ackedAt.isValid())
        html += tr("Acknowledged %1 by %2%3<br>").arg(formatLocalTime(a.ackedAt), esc(a.ackedBy), a.ackNote.isEmpty() ? QString() : QStringLiteral(": “%1”").arg(esc(a.ackNote)));
    if (a.resolvedAt.isValid())
        html += tr("Resolved %1 %2%3<br>")
                    .arg(formatLocalTime(a.resolvedAt), a.resolvedBy.isEmpty() ? tr("automatically (the condition cleared)") : tr("by %1").arg(esc(a.resolvedBy)),
                         a.resolveNote.isEmpty() ? QString() : QStringLiteral(": “%1”").arg(esc(a.resolveNote)));
    setText(html);
}

} // namespace qd::ui
