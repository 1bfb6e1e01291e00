<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Cli</name>
    <message>
        <location filename="../app/server_main.cpp" line="59"/>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="77"/>
        <source>Quarterdeck server: REST and WebSocket API, storage and rules engine.

Commands:
  init    create the database and its first administrator
  serve   run the API server
  routes  print every route with its required permission (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="84"/>
        <source>init, serve or routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="85"/>
        <source>SQLite database file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="86"/>
        <source>Directory for the install secret (default: next to the database).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="87"/>
        <source>init: e-mail address of the first administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="88"/>
        <source>init: display name of the first administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="89"/>
        <source>init: read the administrator&apos;s password from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="90"/>
        <source>serve: address and port, e.g. 127.0.0.1:8080 (port 0 picks a free one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="91"/>
        <source>serve: write the listening port into FILE once listening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="92"/>
        <source>serve: PEM certificate chain for HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="93"/>
        <source>serve: PEM private key for HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="94"/>
        <source>serve: SMTP server URL for mail delivery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="95"/>
        <source>serve: write outgoing mail as .eml files into DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="96"/>
        <source>serve: the URL users reach the server at, used in mailed links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="97"/>
        <source>Log format: text or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="98"/>
        <source>serve: access token lifetime in seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="99"/>
        <source>serve: failed sign-ins per account or address before 429.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="100"/>
        <source>serve: window for counting failed sign-ins, in seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="101"/>
        <source>serve: requests per minute per access token (0: no limit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="113"/>
        <source>name one command: init, serve or routes (see --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="118"/>
        <source>--log-format must be text or json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="134"/>
        <source>--db is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="139"/>
        <source>init needs --admin-email EMAIL and --password-stdin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="143"/>
        <source>no password on standard input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="148"/>
        <source>initialised %1; administrator %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="153"/>
        <source>unknown command %1 (use init, serve or routes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="164"/>
        <source>--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="166"/>
        <source>--tls-cert and --tls-key go together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="168"/>
        <source>SMTP delivery is not available in this version; use --mail-dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="194"/>
        <source>cannot write the port file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="195"/>
        <source>listening on %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="199"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
