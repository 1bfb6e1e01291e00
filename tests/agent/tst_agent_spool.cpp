// The spool's ordering, persistence and bounds; the backoff's growth, jitter and cap.
#include "agent/backoff.h"
#include "agent/spool.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qd::agent;

class TestAgentSpool : public QObject
{
    Q_OBJECT

private slots:
    void oldestFirstAndSurvivesRestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("spool");
        {
            Spool spool(path);
            QVERIFY(spool.open().isOk());
            QVERIFY(spool.isEmpty());
            for (int i = 1; i <= 3; ++i)
                QVERIFY(spool.push("/api/v1/agent/metrics", QByteArray("{\"n\":") + QByteArray::number(i) + "}").isOk());
            QCOMPARE(spool.count(), 3);
            const auto first = spool.oldest();
            QVERIFY(first);
            QCOMPARE(first->route, QStringLiteral("/api/v1/agent/metrics"));
            QCOMPARE(first->body, QByteArray("{\"n\":1}"));
            QCOMPARE(spool.oldest()->sequence, first->sequence); // oldest() does not consume
            spool.remove(first->sequence);
            QCOMPARE(spool.count(), 2);
            // owner-only files: the bodies may name hosts and software
            const QStringList files = QDir(path).entryList(QDir::Files);
            QCOMPARE(files.size(), 2);
            QCOMPARE(QFile::permissions(QDir(path).filePath(files.first())) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        }
        Spool again(path);
        QVERIFY(again.open().isOk());
        QCOMPARE(again.count(), 2);
        QCOMPARE(again.oldest()->body, QByteArray("{\"n\":2}"));
        QVERIFY(again.push("/api/v1/agent/jobs/7/result", "{\"state\":\"refused\"}").isOk());
        // new entries go after the ones of the earlier run
        QList<QByteArray> order;
        while (auto e = again.oldest()) {
            order << e->body;
            again.remove(e->sequence);
        }
        QCOMPARE(order, (QList<QByteArray>{"{\"n\":2}", "{\"n\":3}", "{\"state\":\"refused\"}"}));
        QVERIFY(again.isEmpty());
        QCOMPARE(again.bytes(), 0);
    }

    void fileLimitDropsOldest()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("s"), {5, 1 << 20});
        QVERIFY(spool.open().isOk());
        for (int i = 1; i <= 8; ++i)
            QVERIFY(spool.push("/r", QByteArray::number(i)).isOk());
        QCOMPARE(spool.count(), 5);
        QCOMPARE(spool.droppedCount(), 3);
        QCOMPARE(spool.oldest()->body, QByteArray("4"));
        QCOMPARE(QDir(dir.filePath("s")).entryList(QDir::Files).size(), 5);
    }

    void byteLimitDropsOldest()
    {
        QTemporaryDir dir;
        const QByteArray body(1000, 'x');
        const qint64 entry = 3 + 1 + body.size(); // "/r\n" + body
        Spool spool(dir.filePath("s"), {1000, 4 * entry});
        QVERIFY(spool.open().isOk());
        for (int i = 0; i < 6; ++i)
            QVERIFY(spool.push("/r", body).isOk());
        QCOMPARE(spool.count(), 4);
        QVERIFY(spool.bytes() <= 4 * entry);
        QCOMPARE(spool.droppedCount(), 2);
        // one request larger than the whole spool is refused, and nothing is dropped for it
        QVERIFY(!spool.push("/r", QByteArray(int(5 * entry), 'y')).isOk());
        QCOMPARE(spool.count(), 4);
    }

    void limitsApplyToLeftoversOfAnEarlierRun()
    {
        QTemporaryDir dir;
        {
            Spool big(dir.filePath("s"), {100, 1 << 20});
            QVERIFY(big.open().isOk());
            for (int i = 1; i <= 10; ++i)
                QVERIFY(big.push("/r", QByteArray::number(i)).isOk());
        }
        Spool small(dir.filePath("s"), {4, 1 << 20});
        QVERIFY(small.open().isOk());
        QCOMPARE(small.count(), 4);
        QCOMPARE(small.oldest()->body, QByteArray("7"));
    }

    void unreadableEntriesAreSkipped()
    {
        QTemporaryDir dir;
        Spool spool(dir.filePath("s"));
        QVERIFY(spool.open().isOk());
        QVERIFY(spool.push("/r", "first").isOk());
        QVERIFY(spool.push("/r", "second").isOk());
        // corrupt the first: no route line
        const QString firstFile = QDir(dir.filePath("s")).entryList(QDir::Files, QDir::Name).first();
        QFile f(QDir(dir.filePath("s")).filePath(firstFile));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("garbage-without-newline");
        f.close();
        QCOMPARE(spool.oldest()->body, QByteArray("second"));
        QCOMPARE(spool.count(), 1);
    }

    void backoffGrowsAndCaps()
    {
        double r = 1.0; // upper edge of the jitter
        Backoff b(1000, 300000, [&r] { return r; });
        QList<int> delays;
        for (int i = 0; i < 12; ++i)
            delays << b.nextDelayMs();
        QCOMPARE(delays, (QList<int>{1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000}));
        QCOMPARE(b.failures(), 12);
        b.reset();
        r = 0.0; // lower edge: half the ceiling, never below the base
        QCOMPARE(b.nextDelayMs(), 1000);
        QCOMPARE(b.nextDelayMs(), 1000);
        QCOMPARE(b.nextDelayMs(), 2000);
        QCOMPARE(b.nextDelayMs(), 4000);
        for (int i = 0; i < 100; ++i)
            QVERIFY(b.nextDelayMs() <= 300000);
        QCOMPARE(b.nextDelayMs(), 150000); // capped ceiling, lowest jitter
    }

    void backoffJitterSpreads()
    {
        Backoff b(1000, 300000); // the real random source
        for (int i = 0; i < 6; ++i)
            b.nextDelayMs();
        QSet<int> seen;
        for (int i = 0; i < 50; ++i) {
            Backoff c = b;
            const int d = c.nextDelayMs(); // ceiling 64 s
            QVERIFY(d >= 32000 && d <= 64000);
            seen.insert(d);
        }
        QVERIFY(seen.size() > 10); // agents that failed together do not retry together
    }
};

QTEST_GUILESS_MAIN(TestAgentSpool)
#include "tst_agent_spool.moc"
