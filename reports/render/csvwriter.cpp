#include "reports/render/renderers.h"

#include <QSaveFile>

namespace qd::reports {

namespace {

QByteArray csvField(const QVariant &value, const ReportColumn &column)
{
    if (!value.isValid() || value.isNull())
        return {};
    QString text;
    switch (column.type) {
    case CellType::Integer: return QByteArray::number(value.toLongLong());
    case CellType::Number:
    case CellType::Percent: return QByteArray::number(value.toDouble(), 'f', std::max(column.decimals, 1));
    case CellType::DateTime: return value.toDateTime().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toUtf8();
    case CellType::Text: text = value.toString(); break;
    }
    // A leading = + - @ (or a tab / carriage return) would make a spreadsheet run the text as a formula.
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        utf8.prepend('"');
        utf8.append('"');
    }
    return utf8;
}

void writeRow(QIODevice &out, const QList<QByteArray> &fields)
{
    QByteArray line;
    for (int i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line.append(',');
        line.append(fields[i]);
    }
    line.append("\r\n");
    out.write(line);
}

bool writeTable(const ReportTable &table, QIODevice &out, const RenderProgress &progress)
{
    out.write("\xEF\xBB\xBF");
    QList<QByteArray> fields;
    for (const ReportColumn &c : table.columns)
        fields.append(csvField(c.title, ReportColumn{}));
    writeRow(out, fields);
    const qint64 total = table.rows.size();
    for (qint64 r = 0; r < total; ++r) {
        const QVariantList &row = table.rows[r];
        fields.clear();
        for (int c = 0; c < table.columns.size(); ++c)
            fields.append(csvField(c < row.size() ? row[c] : QVariant(), table.columns[c]));
        writeRow(out, fields);
        if (progress && r % 2000 == 0 && !progress(r, total))
            return false;
    }
    return !progress || progress(total, total);
}

} // namespace

QString cancelledMessage()
{
    return ReportText::tr("cancelled");
}

void writeCsv(const ReportTable &table, QIODevice &out)
{
    writeTable(table, out, {});
}

Status writeCsv(const ReportTable &table, const QString &path, const RenderProgress &progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(ReportText::tr("cannot write %1: %2").arg(path, file.errorString()));
    if (!writeTable(table, file, progress)) {
        file.cancelWriting();
        return failure(cancelledMessage());
    }
    if (!file.commit())
        return failure(ReportText::tr("cannot write %1: %2").arg(path, file.errorString()));
    return success();
}

} // namespace qd::reports
