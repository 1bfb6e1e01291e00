#pragma once

#include <QStyledItemDelegate>

namespace qd::ui {

// Draws a status or severity cell as icon + word: the model's RawValueRole holds the enum as
// an int; which enum it is is given at construction.
class StatusDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class Kind { DeviceStatus, Severity, AlertState };
    StatusDelegate(Kind kind, int rawValueRole, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Kind m_kind;
    int m_role;
};

} // namespace qd::ui
