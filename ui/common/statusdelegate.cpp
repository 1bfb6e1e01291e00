#include "common/statusdelegate.h"

#include "common/uistyle.h"

namespace qd::ui {

StatusDelegate::StatusDelegate(Kind kind, int rawValueRole, QObject *parent)
    : QStyledItemDelegate(parent), m_kind(kind), m_role(rawValueRole)
{
}

void StatusDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant raw = index.data(m_role);
    if (!raw.isValid())
        return;
    const int v = raw.toInt();
    switch (m_kind) {
    case Kind::DeviceStatus: option->icon = statusIcon(DeviceStatus(v)); break;
    case Kind::Severity: option->icon = severityIcon(Severity(v)); break;
    case Kind::AlertState: option->icon = alertStateIcon(AlertState(v)); break;
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
}

} // namespace qd::ui
