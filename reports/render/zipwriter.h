#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QString>

#include <memory>

namespace qd::reports {

// Writes a ZIP archive (deflate, no ZIP64) to a seekable device, an entry at a time, streaming:
// each entry's data is compressed as it is written, and its local header is completed (CRC and
// sizes) once the entry ends, so readers that trust local headers find them right. Made for
// the XLSX writer; the compression level favours speed (XML compresses well at any level).
class ZipWriter
{
public:
    explicit ZipWriter(QIODevice *out, int level = 2);
    ~ZipWriter();
    ZipWriter(const ZipWriter &) = delete;
    ZipWriter &operator=(const ZipWriter &) = delete;

    bool beginEntry(const QByteArray &name);
    bool write(const char *data, qsizetype size);
    bool write(const QByteArray &data) { return write(data.constData(), data.size()); }
    bool endEntry();
    bool addEntry(const QByteArray &name, const QByteArray &data) { return beginEntry(name) && write(data) && endEntry(); }
    // Writes the central directory; the archive is complete when this returns true.
    bool finish();
    QString errorString() const { return m_error; }

private:
    struct Entry
    {
        QByteArray name;
        quint32 crc = 0;
        quint64 compressed = 0;
        quint64 size = 0;
        quint64 offset = 0;
    };
    bool fail(const QString &message);
    bool deflateChunk(const char *data, qsizetype size, bool finish);

    QIODevice *m_out;
    int m_level;
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    QList<Entry> m_entries;
    bool m_open = false;
    QByteArray m_buffer;
    QString m_error;
};

} // namespace qd::reports
