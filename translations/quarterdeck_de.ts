<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Cli</name>
    <message>
        <location filename="../app/server_main.cpp" line="60"/>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation>--%1 muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="78"/>
        <source>Quarterdeck server: REST and WebSocket API, storage and rules engine.

Commands:
  init    create the database and its first administrator
  serve   run the API server
  routes  print every route with its required permission (JSON)</source>
        <translation>Quarterdeck-Server: REST- und WebSocket-API, Speicher und Regel-Engine.

Befehle:
  init    legt die Datenbank und ihren ersten Administrator an
  serve   startet den API-Server
  routes  gibt jede Route mit der nötigen Berechtigung aus (JSON)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="85"/>
        <source>init, serve or routes</source>
        <translation>init, serve oder routes</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="86"/>
        <source>SQLite database file.</source>
        <translation>SQLite-Datenbankdatei.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="87"/>
        <source>Directory for the install secret (default: next to the database).</source>
        <translation>Verzeichnis für das Installationsgeheimnis (Standard: neben der Datenbank).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="88"/>
        <source>init: e-mail address of the first administrator.</source>
        <translation>init: E-Mail-Adresse des ersten Administrators.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="89"/>
        <source>init: display name of the first administrator.</source>
        <translation>init: Anzeigename des ersten Administrators.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="90"/>
        <source>init: read the administrator&apos;s password from standard input.</source>
        <translation>init: liest das Passwort des Administrators von der Standardeingabe.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="91"/>
        <source>serve: address and port, e.g. 127.0.0.1:8080 (port 0 picks a free one).</source>
        <translation>serve: Adresse und Port, z. B. 127.0.0.1:8080 (Port 0 wählt einen freien).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="92"/>
        <source>serve: write the listening port into FILE once listening.</source>
        <translation>serve: schreibt den Port in DATEI, sobald der Server lauscht.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="93"/>
        <source>serve: PEM certificate chain for HTTPS.</source>
        <translation>serve: PEM-Zertifikatskette für HTTPS.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="94"/>
        <source>serve: PEM private key for HTTPS.</source>
        <translation>serve: privater PEM-Schlüssel für HTTPS.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="95"/>
        <source>serve: SMTP server URL for mail delivery.</source>
        <translation>serve: SMTP-Server-URL für den Mailversand.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="96"/>
        <source>serve: write outgoing mail as .eml files into DIR.</source>
        <translation>serve: schreibt ausgehende Mails als .eml-Dateien nach VERZ.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="97"/>
        <source>serve: the URL users reach the server at, used in mailed links.</source>
        <translation>serve: die URL, unter der Benutzer den Server erreichen (für Links in Mails).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="98"/>
        <source>Log format: text or json.</source>
        <translation>Protokollformat: text oder json.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="99"/>
        <source>serve: access token lifetime in seconds.</source>
        <translation>serve: Lebensdauer des Zugriffstokens in Sekunden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="100"/>
        <source>serve: failed sign-ins per account or address before 429.</source>
        <translation>serve: fehlgeschlagene Anmeldungen je Konto oder Adresse bis 429.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="101"/>
        <source>serve: window for counting failed sign-ins, in seconds.</source>
        <translation>serve: Zeitfenster für fehlgeschlagene Anmeldungen in Sekunden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="102"/>
        <source>serve: requests per minute per access token (0: no limit).</source>
        <translation>serve: Anfragen pro Minute je Zugriffstoken (0: unbegrenzt).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="114"/>
        <source>name one command: init, serve or routes (see --help)</source>
        <translation>nennen Sie einen Befehl: init, serve oder routes (siehe --help)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="119"/>
        <source>--log-format must be text or json</source>
        <translation>--log-format muss text oder json sein</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="135"/>
        <source>--db is required</source>
        <translation>--db fehlt</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="140"/>
        <source>init needs --admin-email EMAIL and --password-stdin</source>
        <translation>init braucht --admin-email EMAIL und --password-stdin</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="144"/>
        <source>no password on standard input</source>
        <translation>kein Passwort auf der Standardeingabe</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="149"/>
        <source>initialised %1; administrator %2</source>
        <translation>%1 eingerichtet; Administrator %2</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="154"/>
        <source>unknown command %1 (use init, serve or routes)</source>
        <translation>unbekannter Befehl %1 (init, serve oder routes)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="165"/>
        <source>--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080</source>
        <translation>--listen muss HOST:PORT mit numerischer Adresse sein, z. B. 127.0.0.1:8080</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="167"/>
        <source>--tls-cert and --tls-key go together</source>
        <translation>--tls-cert und --tls-key gehören zusammen</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="169"/>
        <source>SMTP delivery is not available in this version; use --mail-dir</source>
        <translation>SMTP-Versand gibt es in dieser Version noch nicht; verwenden Sie --mail-dir</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="189"/>
        <source>%1 does not exist; create it with: quarterdeck-server init</source>
        <translation>%1 existiert nicht; legen Sie sie an mit: quarterdeck-server init</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="198"/>
        <source>cannot write the port file %1</source>
        <translation>die Portdatei %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="199"/>
        <source>listening on %1:%2</source>
        <translation>lausche auf %1:%2</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="203"/>
        <source>stopped</source>
        <translation>beendet</translation>
    </message>
</context>
</TS>
