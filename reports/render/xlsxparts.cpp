#include "reports/render/xlsxparts.h"

#include <algorithm>
#include <iterator>

namespace qd::reports::xlsx {

namespace {
const char *const xmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const char *const mainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char *const relNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const char *const packageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr int emuPerPixel = 9525;
constexpr int defaultColumnPixels = 64; // 8.43 characters
constexpr int defaultRowPixels = 20;    // 15 points

QByteArray escaped(const QString &text)
{
    QByteArray out;
    appendEscaped(out, text);
    return out;
}

QByteArray hex(quint32 rgb)
{
    return QByteArray::number(rgb & 0xFFFFFF, 16).rightJustified(6, '0').toUpper();
}

QByteArray solidFill(quint32 rgb)
{
    return "<c:spPr><a:solidFill><a:srgbClr val=\"" + hex(rgb) + "\"/></a:solidFill></c:spPr>";
}

// A palette for charts without colours of their own (Excel's first accents, muted).
constexpr quint32 defaultColors[] = {0x3C7DD9, 0xE0A100, 0x2E9E5B, 0xD64541, 0x8A939B, 0x7B5EA7, 0x1F3A5F, 0xC8702A};
} // namespace

Style styleOf(const ReportColumn &column)
{
    switch (column.type) {
    case CellType::Integer: return Integer;
    case CellType::Percent: return Percent;
    case CellType::DateTime: return DateTime;
    case CellType::Number: return Style(Number0 + std::clamp(column.decimals, 0, 3));
    case CellType::Text: return Plain;
    }
    return Plain;
}

QByteArray columnName(int column)
{
    QByteArray name;
    for (int n = column + 1; n > 0; n = (n - 1) / 26)
        name.prepend(char('A' + (n - 1) % 26));
    return name;
}

QByteArray rangeRef(const QString &sheet, int firstRow, int firstColumn, int lastRow, int lastColumn)
{
    QString quoted = sheet;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return "'" + quoted.toUtf8() + "'!$" + columnName(firstColumn) + "$" + QByteArray::number(firstRow + 1) + ":$"
           + columnName(lastColumn) + "$" + QByteArray::number(lastRow + 1);
}

void appendEscaped(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                out.append(ch); // other control characters are not allowed in XML 1.0
        }
    }
}

QByteArray contentTypes(const QList<SheetInfo> &sheets)
{
    QByteArray x = xmlHead;
    x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
         "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
         "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
         "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>";
    for (qsizetype i = 0; i < sheets.size(); ++i) {
        x += "<Override PartName=\"/xl/worksheets/sheet" + QByteArray::number(i + 1)
             + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        if (const int n = sheets[i].chart) {
            x += "<Override PartName=\"/xl/drawings/drawing" + QByteArray::number(n)
                 + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>";
            x += "<Override PartName=\"/xl/charts/chart" + QByteArray::number(n)
                 + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>";
        }
    }
    x += "</Types>";
    return x;
}

QByteArray rootRelationships()
{
    return QByteArray(xmlHead) + "<Relationships xmlns=\"" + packageRelNs + "\">"
           + "<Relationship Id=\"rId1\" Type=\"" + relNs + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
           + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
           + "<Relationship Id=\"rId3\" Type=\"" + relNs + "/extended-properties\" Target=\"docProps/app.xml\"/>"
           + "</Relationships>";
}

QByteArray coreProperties(const QString &title, const QDateTime &created)
{
    const QByteArray when = created.toUTC().toString(Qt::ISODate).toUtf8();
    return QByteArray(xmlHead)
           + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
             " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
             " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
           + "<dc:title>" + escaped(title) + "</dc:title><dc:creator>Quarterdeck</dc:creator>"
           + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + when + "</dcterms:created>"
           + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + when + "</dcterms:modified>"
           + "</cp:coreProperties>";
}

QByteArray appProperties()
{
    return QByteArray(xmlHead)
           + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
             "<Application>Quarterdeck</Application></Properties>";
}

QByteArray workbook(const QList<SheetInfo> &sheets)
{
    QByteArray x = QByteArray(xmlHead) + "<workbook xmlns=\"" + mainNs + "\" xmlns:r=\"" + relNs + "\">"
                   + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>";
    for (qsizetype i = 0; i < sheets.size(); ++i)
        x += "<sheet name=\"" + escaped(sheets[i].name) + "\" sheetId=\"" + QByteArray::number(i + 1) + "\" r:id=\"rId"
             + QByteArray::number(i + 1) + "\"/>";
    x += "</sheets>";
    QByteArray names;
    for (qsizetype i = 0; i < sheets.size(); ++i)
        if (!sheets[i].filterRange.isEmpty())
            names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + QByteArray::number(i) + "\" hidden=\"1\">"
                     + escaped(QString::fromUtf8(sheets[i].filterRange)) + "</definedName>";
    if (!names.isEmpty())
        x += "<definedNames>" + names + "</definedNames>";
    x += "</workbook>";
    return x;
}

QByteArray workbookRelationships(int sheetCount)
{
    QByteArray x = QByteArray(xmlHead) + "<Relationships xmlns=\"" + packageRelNs + "\">";
    for (int i = 1; i <= sheetCount; ++i)
        x += "<Relationship Id=\"rId" + QByteArray::number(i) + "\" Type=\"" + relNs + "/worksheet\" Target=\"worksheets/sheet"
             + QByteArray::number(i) + ".xml\"/>";
    x += "<Relationship Id=\"rId" + QByteArray::number(sheetCount + 1) + "\" Type=\"" + relNs + "/styles\" Target=\"styles.xml\"/>";
    x += "</Relationships>";
    return x;
}

QByteArray styles()
{
    // The order of cellXfs is the Style enum's.
    return QByteArray(xmlHead) + "<styleSheet xmlns=\"" + mainNs + "\">"
           + "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"
             "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm\"/><numFmt numFmtId=\"166\" formatCode=\"#,##0.0\"/>"
             "<numFmt numFmtId=\"167\" formatCode=\"#,##0.000\"/></numFmts>"
             "<fonts count=\"4\">"
             "<font><sz val=\"11\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
             "<font><b/><sz val=\"11\"/><color rgb=\"FFFFFFFF\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
             "<font><b/><sz val=\"16\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
             "<font><b/><sz val=\"11\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
             "</fonts>"
             "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
             "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF1F3A5F\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
             "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
             "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
             "<cellXfs count=\"11\">"
             "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
             "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\">"
             "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
             "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
             "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
             "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"4\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "<xf numFmtId=\"167\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
             "</cellXfs>"
             "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
             "<dxfs count=\"0\"/><tableStyles count=\"0\"/>"
             "</styleSheet>";
}

QByteArray sheetRelationships(int chart)
{
    return QByteArray(xmlHead) + "<Relationships xmlns=\"" + packageRelNs + "\">" + "<Relationship Id=\"rId1\" Type=\"" + relNs
           + "/drawing\" Target=\"../drawings/drawing" + QByteArray::number(chart) + ".xml\"/></Relationships>";
}

QByteArray drawingRelationships(int chart)
{
    return QByteArray(xmlHead) + "<Relationships xmlns=\"" + packageRelNs + "\">" + "<Relationship Id=\"rId1\" Type=\"" + relNs
           + "/chart\" Target=\"../charts/chart" + QByteArray::number(chart) + ".xml\"/></Relationships>";
}

QByteArray drawing(const ChartPlacement &p)
{
    // The anchor's far corner, in the default-sized columns and rows the chart covers.
    const int column = p.column + (p.xOffset + p.width) / defaultColumnPixels;
    const int x = (p.xOffset + p.width) % defaultColumnPixels;
    const int row = p.row + p.height / defaultRowPixels;
    const int y = p.height % defaultRowPixels;
    const auto marker = [](const char *tag, int col, int colOffset, int r, int rowOffset) {
        return QByteArray("<xdr:") + tag + "><xdr:col>" + QByteArray::number(col) + "</xdr:col><xdr:colOff>"
               + QByteArray::number(qint64(colOffset) * emuPerPixel) + "</xdr:colOff><xdr:row>" + QByteArray::number(r)
               + "</xdr:row><xdr:rowOff>" + QByteArray::number(qint64(rowOffset) * emuPerPixel) + "</xdr:rowOff></xdr:" + tag + ">";
    };
    return QByteArray(xmlHead)
           + "<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\""
             " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
             "<xdr:twoCellAnchor editAs=\"oneCell\">"
           + marker("from", p.column, p.xOffset, p.row, 0) + marker("to", column, x, row, y)
           + "<xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr><xdr:cNvPr id=\"2\" name=\"Chart 1\"/><xdr:cNvGraphicFramePr/>"
             "</xdr:nvGraphicFramePr><xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm>"
             "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
             "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\""
           + relNs + "\" r:id=\"rId1\"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>";
}

QByteArray chart(const ReportChart &c, const QString &sheet, int rows)
{
    const bool pie = c.kind == ReportChart::Kind::Pie;
    QByteArray series;
    for (int i = 0; i < c.valueColumns.size(); ++i) {
        const int column = c.valueColumns[i];
        series += "<c:ser><c:idx val=\"" + QByteArray::number(i) + "\"/><c:order val=\"" + QByteArray::number(i) + "\"/>";
        series += "<c:tx><c:strRef><c:f>" + escaped(QString::fromUtf8(rangeRef(sheet, 0, column, 0, column))) + "</c:f></c:strRef></c:tx>";
        if (pie) {
            for (int r = 0; r < rows; ++r) {
                const quint32 color = c.colors.isEmpty() ? defaultColors[r % std::size(defaultColors)] : c.colors[r % c.colors.size()];
                series += "<c:dPt><c:idx val=\"" + QByteArray::number(r) + "\"/><c:bubble3D val=\"0\"/>" + solidFill(color) + "</c:dPt>";
            }
        } else {
            series += solidFill(i < c.colors.size() ? c.colors[i] : defaultColors[i % std::size(defaultColors)]);
            series += "<c:invertIfNegative val=\"0\"/>";
        }
        series += "<c:cat><c:strRef><c:f>" + escaped(QString::fromUtf8(rangeRef(sheet, 1, c.categoryColumn, rows, c.categoryColumn)))
                  + "</c:f></c:strRef></c:cat>";
        series += "<c:val><c:numRef><c:f>" + escaped(QString::fromUtf8(rangeRef(sheet, 1, column, rows, column)))
                  + "</c:f></c:numRef></c:val></c:ser>";
    }
    QByteArray plot;
    QByteArray legend;
    if (pie) {
        plot = "<c:pieChart><c:varyColors val=\"1\"/>" + series + "<c:firstSliceAng val=\"0\"/></c:pieChart>";
        legend = "<c:legend><c:legendPos val=\"r\"/><c:overlay val=\"0\"/></c:legend>";
    } else {
        plot = QByteArray("<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"") + (c.stacked ? "stacked" : "clustered")
               + "\"/><c:varyColors val=\"0\"/>" + series + "<c:gapWidth val=\"150\"/>" + (c.stacked ? "<c:overlap val=\"100\"/>" : "")
               + "<c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:barChart>"
                 // Categories top-down in the table's order; the values' axis stays at the bottom.
                 "<c:catAx><c:axId val=\"50010001\"/><c:scaling><c:orientation val=\"maxMin\"/></c:scaling><c:delete val=\"0\"/>"
                 "<c:axPos val=\"l\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:tickLblPos val=\"nextTo\"/>"
                 "<c:crossAx val=\"50010002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/>"
                 "<c:lblOffset val=\"100\"/></c:catAx>"
                 "<c:valAx><c:axId val=\"50010002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>"
                 "<c:axPos val=\"b\"/><c:majorGridlines/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/>"
                 "<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010001\"/><c:crosses val=\"max\"/>"
                 "<c:crossBetween val=\"between\"/></c:valAx>";
        if (c.valueColumns.size() > 1)
            legend = "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>";
    }
    return QByteArray(xmlHead)
           + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\""
             " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\""
           + relNs + "\"><c:lang val=\"en-US\"/><c:chart>"
           + "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>" + escaped(c.title)
           + "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/>"
           + "<c:plotArea><c:layout/>" + plot + "</c:plotArea>" + legend
           + "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>";
}

} // namespace qd::reports::xlsx
