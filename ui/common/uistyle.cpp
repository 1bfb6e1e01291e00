#include "ui/common/uistyle.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace qd::ui {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(UiStyle)
};

enum class Shape { Disc, Ring, Triangle, Diamond, Check };

QIcon shapeIcon(Shape shape, const QColor &color)
{
    QIcon icon;
    for (int size : {16, 24, 32}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal m = size * 0.12;
        const QRectF r(m, m, size - 2 * m, size - 2 * m);
        QPainterPath path;
        switch (shape) {
        case Shape::Disc:
        case Shape::Ring:
            path.addEllipse(r);
            break;
        case Shape::Triangle:
            path.moveTo(r.center().x(), r.top());
            path.lineTo(r.right(), r.bottom());
            path.lineTo(r.left(), r.bottom());
            path.closeSubpath();
            break;
        case Shape::Diamond:
            path.moveTo(r.center().x(), r.top());
            path.lineTo(r.right(), r.center().y());
            path.lineTo(r.center().x(), r.bottom());
            path.lineTo(r.left(), r.center().y());
            path.closeSubpath();
            break;
        case Shape::Check:
            path.moveTo(r.left(), r.center().y());
            path.lineTo(r.left() + r.width() * 0.4, r.bottom());
            path.lineTo(r.right(), r.top());
            break;
        }
        if (shape == Shape::Ring || shape == Shape::Check) {
            p.setPen(QPen(color, std::max(1.5, size / 8.0)));
            p.setBrush(Qt::NoBrush);
        } else {
            p.setPen(QPen(color.darker(130), 1));
            p.setBrush(color);
        }
        p.drawPath(path);
        icon.addPixmap(pm);
    }
    return icon;
}

} // namespace

QColor statusColor(DeviceStatus status)
{
    switch (status) {
    case DeviceStatus::Online: return QColor(0x2e, 0x9e, 0x4f);
    case DeviceStatus::Warning: return QColor(0xe0, 0x9b, 0x12);
    case DeviceStatus::Critical: return QColor(0xd6, 0x33, 0x33);
    case DeviceStatus::Offline: return QColor(0x8a, 0x8f, 0x98);
    }
    return {};
}

QIcon statusIcon(DeviceStatus status)
{
    static const QIcon icons[] = {shapeIcon(Shape::Disc, statusColor(DeviceStatus::Online)),
                                  shapeIcon(Shape::Triangle, statusColor(DeviceStatus::Warning)),
                                  shapeIcon(Shape::Diamond, statusColor(DeviceStatus::Critical)),
                                  shapeIcon(Shape::Ring, statusColor(DeviceStatus::Offline))};
    return icons[int(status)];
}

QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QColor(0x3b, 0x7d, 0xd8);
    case Severity::Warning: return QColor(0xe0, 0x9b, 0x12);
    case Severity::Critical: return QColor(0xd6, 0x33, 0x33);
    }
    return {};
}

QIcon severityIcon(Severity severity)
{
    static const QIcon icons[] = {shapeIcon(Shape::Disc, severityColor(Severity::Info)),
                                  shapeIcon(Shape::Triangle, severityColor(Severity::Warning)),
                                  shapeIcon(Shape::Diamond, severityColor(Severity::Critical))};
    return icons[int(severity)];
}

QIcon alertStateIcon(AlertState state)
{
    switch (state) {
    case AlertState::Open: return shapeIcon(Shape::Disc, QColor(0xd6, 0x33, 0x33));
    case AlertState::Acknowledged: return shapeIcon(Shape::Ring, QColor(0x3b, 0x7d, 0xd8));
    case AlertState::Flapping: return shapeIcon(Shape::Triangle, QColor(0xe0, 0x9b, 0x12));
    case AlertState::Resolved: return shapeIcon(Shape::Check, QColor(0x2e, 0x9e, 0x4f));
    }
    return {};
}

QString formatAge(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return Text::tr("never");
    const qint64 s = std::max<qint64>(0, at.secsTo(now));
    if (s < 60)
        return Text::tr("just now");
    if (s < 3600)
        return Text::tr("%1 min ago").arg(s / 60);
    if (s < 86400)
        return Text::tr("%1 h ago").arg(s / 3600);
    const qint64 days = s / 86400;
    return days == 1 ? Text::tr("1 day ago") : Text::tr("%1 days ago").arg(days);
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatPercent(double value)
{
    return value < 0 ? QStringLiteral("–") : Text::tr("%1 %").arg(QLocale().toString(value, 'f', 1));
}

QString formatLocalTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : Text::tr("never");
}

bool isDarkPalette()
{
    const QPalette pal = QApplication::palette();
    return pal.color(QPalette::Window).lightness() < pal.color(QPalette::WindowText).lightness();
}

} // namespace qd::ui
