#include "reports/render/zipwriter.h"

#include <QtEndian>

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace qd::reports {

namespace {
constexpr quint32 localHeaderSignature = 0x04034b50;
constexpr quint32 centralHeaderSignature = 0x02014b50;
constexpr quint32 endSignature = 0x06054b50;
constexpr quint16 versionNeeded = 20;  // deflate
constexpr quint16 utf8Names = 1 << 11; // general purpose flag: names are UTF-8
constexpr quint16 methodDeflate = 8;
constexpr quint16 dosTime = 0;           // 00:00:00
constexpr quint16 dosDate = (1 << 5) | 1; // 1980-01-01
constexpr quint64 zip32Limit = std::numeric_limits<quint32>::max();

template <typename T>
void put(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToLittleEndian(value, bytes);
    out.append(bytes, sizeof(T));
}
} // namespace

struct ZipWriter::Stream
{
    z_stream z{};
};

ZipWriter::ZipWriter(QIODevice *out, int level) : m_out(out), m_level(level), m_stream(std::make_unique<Stream>())
{
    m_buffer.resize(256 * 1024);
}

ZipWriter::~ZipWriter()
{
    if (m_open)
        deflateEnd(&m_stream->z);
}

bool ZipWriter::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

bool ZipWriter::beginEntry(const QByteArray &name)
{
    if (m_open || !m_error.isEmpty())
        return fail(QStringLiteral("an entry is still open"));
    Entry e;
    e.name = name;
    e.offset = quint64(m_out->pos());
    if (e.offset > zip32Limit)
        return fail(QStringLiteral("the archive is larger than 4 GiB"));
    QByteArray header;
    put<quint32>(header, localHeaderSignature);
    put<quint16>(header, versionNeeded);
    put<quint16>(header, utf8Names);
    put<quint16>(header, methodDeflate);
    put<quint16>(header, dosTime);
    put<quint16>(header, dosDate);
    put<quint32>(header, 0); // CRC, completed by endEntry()
    put<quint32>(header, 0); // compressed size
    put<quint32>(header, 0); // size
    put<quint16>(header, quint16(name.size()));
    put<quint16>(header, 0); // extra field
    header.append(name);
    if (m_out->write(header) != header.size())
        return fail(m_out->errorString());
    m_stream->z = z_stream{};
    if (deflateInit2(&m_stream->z, m_level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return fail(QStringLiteral("cannot start compressing"));
    m_entries.append(e);
    m_open = true;
    return true;
}

bool ZipWriter::deflateChunk(const char *data, qsizetype size, bool finish)
{
    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
    z.avail_in = uInt(size);
    Entry &e = m_entries.last();
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef *>(m_buffer.data());
        z.avail_out = uInt(m_buffer.size());
        rc = deflate(&z, finish ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_STREAM_ERROR)
            return fail(QStringLiteral("compression failed"));
        const qsizetype produced = m_buffer.size() - qsizetype(z.avail_out);
        if (produced > 0 && m_out->write(m_buffer.constData(), produced) != produced)
            return fail(m_out->errorString());
        e.compressed += quint64(produced);
    } while (z.avail_out == 0 || (finish && rc != Z_STREAM_END));
    return true;
}

bool ZipWriter::write(const char *data, qsizetype size)
{
    if (!m_open)
        return fail(QStringLiteral("no entry is open"));
    Entry &e = m_entries.last();
    // zlib takes at most 4 GiB a call; XLSX parts come in far smaller chunks.
    while (size > 0) {
        const qsizetype chunk = std::min<qsizetype>(size, 1 << 30);
        e.crc = quint32(crc32(e.crc, reinterpret_cast<const Bytef *>(data), uInt(chunk)));
        e.size += quint64(chunk);
        if (!deflateChunk(data, chunk, false))
            return false;
        data += chunk;
        size -= chunk;
    }
    return true;
}

bool ZipWriter::endEntry()
{
    if (!m_open)
        return fail(QStringLiteral("no entry is open"));
    const bool flushed = deflateChunk(nullptr, 0, true);
    deflateEnd(&m_stream->z);
    m_open = false;
    if (!flushed)
        return false;
    const Entry &e = m_entries.last();
    if (e.size > zip32Limit || e.compressed > zip32Limit)
        return fail(QStringLiteral("%1 is larger than 4 GiB").arg(QString::fromUtf8(e.name)));
    const qint64 end = m_out->pos();
    QByteArray sizes;
    put<quint32>(sizes, e.crc);
    put<quint32>(sizes, quint32(e.compressed));
    put<quint32>(sizes, quint32(e.size));
    if (!m_out->seek(qint64(e.offset) + 14) || m_out->write(sizes) != sizes.size() || !m_out->seek(end))
        return fail(m_out->errorString());
    return true;
}

bool ZipWriter::finish()
{
    if (m_open)
        return fail(QStringLiteral("an entry is still open"));
    if (!m_error.isEmpty())
        return false;
    const quint64 directoryOffset = quint64(m_out->pos());
    QByteArray directory;
    for (const Entry &e : std::as_const(m_entries)) {
        put<quint32>(directory, centralHeaderSignature);
        put<quint16>(directory, versionNeeded); // made by: MS-DOS, 2.0
        put<quint16>(directory, versionNeeded);
        put<quint16>(directory, utf8Names);
        put<quint16>(directory, methodDeflate);
        put<quint16>(directory, dosTime);
        put<quint16>(directory, dosDate);
        put<quint32>(directory, e.crc);
        put<quint32>(directory, quint32(e.compressed));
        put<quint32>(directory, quint32(e.size));
        put<quint16>(directory, quint16(e.name.size()));
        put<quint16>(directory, 0); // extra
        put<quint16>(directory, 0); // comment
        put<quint16>(directory, 0); // disk
        put<quint16>(directory, 0); // internal attributes
        put<quint32>(directory, 0); // external attributes
        put<quint32>(directory, quint32(e.offset));
        directory.append(e.name);
    }
    if (directoryOffset > zip32Limit || m_entries.size() > 0xffff)
        return fail(QStringLiteral("the archive is too large"));
    QByteArray end;
    put<quint32>(end, endSignature);
    put<quint16>(end, 0);
    put<quint16>(end, 0);
    put<quint16>(end, quint16(m_entries.size()));
    put<quint16>(end, quint16(m_entries.size()));
    put<quint32>(end, quint32(directory.size()));
    put<quint32>(end, quint32(directoryOffset));
    put<quint16>(end, 0); // comment
    if (m_out->write(directory) != directory.size() || m_out->write(end) != end.size())
        return fail(m_out->errorString());
    return true;
}

} // namespace qd::reports
