#pragma once

#include <QDateTime>
#include <QStyledItemDelegate>

#include <functional>

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

// Shows a time cell as its age ("3 h ago", "2 days ago"): the model's rawValueRole holds
// milliseconds since the epoch (0: never); the exact time stays in the cell's tooltip. The view
// repaints now and then so that ages stay true.
class AgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    AgeDelegate(int rawValueRole, std::function<QDateTime()> now, QObject *parent = nullptr);
    // What the cell at `index` shows.
    QString ageText(const QModelIndex &index) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_role;
    std::function<QDateTime()> m_now;
};

} // namespace qd::ui
