#include "ui/common/statusdelegate.h"

#include "ui/common/uistyle.h"

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

AgeDelegate::AgeDelegate(int rawValueRole, std::function<QDateTime()> now, QObject *parent)
    : QStyledItemDelegate(parent), m_role(rawValueRole), m_now(std::move(now))
{
}

QString AgeDelegate::ageText(const QModelIndex &index) const
{
    const qint64 ms = index.data(m_role).toLongLong();
    return formatAge(ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime(), m_now());
}

void AgeDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->text = ageText(index);
}

} // namespace qd::ui
