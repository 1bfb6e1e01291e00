<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Cli</name>
    <message>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation type="vanished">--%1 muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="101"/>
        <source>SQLite database file.</source>
        <translation>SQLite-Datenbankdatei.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="102"/>
        <source>Directory for the install secret (default: next to the database).</source>
        <translation>Verzeichnis für das Installationsgeheimnis (Standard: neben der Datenbank).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="103"/>
        <source>init: e-mail address of the first administrator.</source>
        <translation>init: E-Mail-Adresse des ersten Administrators.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="104"/>
        <source>init: display name of the first administrator.</source>
        <translation>init: Anzeigename des ersten Administrators.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="105"/>
        <source>init: read the administrator&apos;s password from standard input.</source>
        <translation>init: liest das Passwort des Administrators von der Standardeingabe.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="106"/>
        <source>serve: address and port, e.g. 127.0.0.1:8080 (port 0 picks a free one).</source>
        <translation>serve: Adresse und Port, z. B. 127.0.0.1:8080 (Port 0 wählt einen freien).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="107"/>
        <source>serve: write the listening port into FILE once listening.</source>
        <translation>serve: schreibt den Port in DATEI, sobald der Server lauscht.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="108"/>
        <source>serve: PEM certificate chain for HTTPS.</source>
        <translation>serve: PEM-Zertifikatskette für HTTPS.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="109"/>
        <source>serve: PEM private key for HTTPS.</source>
        <translation>serve: privater PEM-Schlüssel für HTTPS.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="110"/>
        <source>serve: deliver mail through this SMTP server: smtps://USER:PASSWORD@HOST:465 (TLS) or smtp://HOST:587 (STARTTLS when the server offers it). Percent-encode reserved characters in user name and password (@ as %40, : as %3A).</source>
        <translation>serve: versendet Mails über diesen SMTP-Server: smtps://BENUTZER:PASSWORT@HOST:465 (TLS) oder smtp://HOST:587 (STARTTLS, wenn der Server es anbietet). Reservierte Zeichen in Benutzername und Passwort prozentkodieren (@ als %40, : als %3A).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="111"/>
        <source>serve: write outgoing mail as .eml files into DIR.</source>
        <translation>serve: schreibt ausgehende Mails als .eml-Dateien nach VERZ.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="112"/>
        <source>serve: sender of outgoing mail, e.g. &quot;Quarterdeck &lt;ops@example.com&gt;&quot;.</source>
        <translation>serve: Absender ausgehender Mails, z. B. &quot;Quarterdeck &lt;ops@example.com&gt;&quot;.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="113"/>
        <source>serve: seconds before a failed notification is retried; doubles with every attempt, at most an hour.</source>
        <translation>serve: Sekunden bis zum erneuten Versuch einer fehlgeschlagenen Benachrichtigung; verdoppelt sich mit jedem Versuch, höchstens eine Stunde.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="114"/>
        <source>serve: attempts before a notification is given up as failed.</source>
        <translation>serve: Versuche, bevor eine Benachrichtigung als fehlgeschlagen aufgegeben wird.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="115"/>
        <source>serve: the URL users reach the server at, used in mailed links.</source>
        <translation>serve: die URL, unter der Benutzer den Server erreichen (für Links in Mails).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="116"/>
        <source>Log format: text or json.</source>
        <translation>Protokollformat: text oder json.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="117"/>
        <source>serve: access token lifetime in seconds.</source>
        <translation>serve: Lebensdauer des Zugriffstokens in Sekunden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="118"/>
        <source>serve: failed sign-ins per account or address before 429.</source>
        <translation>serve: fehlgeschlagene Anmeldungen je Konto oder Adresse bis 429.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="119"/>
        <source>serve: window for counting failed sign-ins, in seconds.</source>
        <translation>serve: Zeitfenster für fehlgeschlagene Anmeldungen in Sekunden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="120"/>
        <source>serve: requests per minute per access token (0: no limit).</source>
        <translation>serve: Anfragen pro Minute je Zugriffstoken (0: unbegrenzt).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="134"/>
        <source>serve: days report runs and their files are kept.</source>
        <translation>serve: Tage, die Berichtsläufe und ihre Dateien aufbewahrt werden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="135"/>
        <source>render-report: the id of the report run to render.</source>
        <translation>render-report: die ID des zu erzeugenden Berichtslaufs.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="156"/>
        <source>--log-format must be text or json</source>
        <translation>--log-format muss text oder json sein</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="172"/>
        <source>--db is required</source>
        <translation>--db fehlt</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="177"/>
        <source>init needs --admin-email EMAIL and --password-stdin</source>
        <translation>init braucht --admin-email EMAIL und --password-stdin</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="181"/>
        <source>no password on standard input</source>
        <translation>kein Passwort auf der Standardeingabe</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="186"/>
        <source>initialised %1; administrator %2</source>
        <translation>%1 eingerichtet; Administrator %2</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="192"/>
        <source>render-report needs --run ID</source>
        <translation>render-report braucht --run ID</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="194"/>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="227"/>
        <source>unknown command %1 (use init, serve, enroll-token, demo, routes or render-report)</source>
        <translation>unbekannter Befehl %1 (init, serve, enroll-token, demo, routes oder render-report)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="238"/>
        <source>--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080</source>
        <translation>--listen muss HOST:PORT mit numerischer Adresse sein, z. B. 127.0.0.1:8080</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="240"/>
        <source>--tls-cert and --tls-key go together</source>
        <translation>--tls-cert und --tls-key gehören zusammen</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="242"/>
        <source>use either --smtp or --mail-dir, not both</source>
        <translation>verwenden Sie entweder --smtp oder --mail-dir, nicht beide</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="244"/>
        <source>--smtp must be an smtp:// or smtps:// URL with a host, e.g. smtps://user:password@mail.example.com:465</source>
        <translation>--smtp muss eine smtp://- oder smtps://-URL mit Host sein, z. B. smtps://benutzer:passwort@mail.example.com:465</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="246"/>
        <source>--mail-from must be an e-mail address, optionally with a name: &quot;Name &lt;address&gt;&quot;</source>
        <translation>--mail-from muss eine E-Mail-Adresse sein, wahlweise mit Namen: &quot;Name &lt;Adresse&gt;&quot;</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="206"/>
        <location filename="../app/server_main.cpp" line="296"/>
        <source>%1 does not exist; create it with: quarterdeck-server init</source>
        <translation>%1 existiert nicht; legen Sie sie an mit: quarterdeck-server init</translation>
    </message>
    <message>
        <source>Quarterdeck server: REST and WebSocket API, storage and rules engine.

Commands:
  init    create the database and its first administrator
  serve   run the API server
  enroll-token  print a token agents enroll with
  demo    fill the database with a believable demo fleet
  routes  print every route with its required permission (JSON)</source>
        <translation type="vanished">Quarterdeck-Server: REST- und WebSocket-API, Speicher und Regel-Engine.

Befehle:
  init    legt die Datenbank und ihren ersten Administrator an
  serve   startet den API-Server
  enroll-token  gibt ein Token aus, mit dem sich Agenten anmelden
  demo    füllt die Datenbank mit einer glaubwürdigen Demo-Flotte
  routes  gibt jede Route mit der nötigen Berechtigung aus (JSON)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="100"/>
        <source>init, serve, enroll-token, demo or routes</source>
        <translation>init, serve, enroll-token, demo oder routes</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="121"/>
        <source>serve: seconds between agent reports; a device is offline after 3 missed.</source>
        <translation>serve: Sekunden zwischen Agentenberichten; nach 3 fehlenden ist ein Gerät offline.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="130"/>
        <source>serve: seconds between pings to live-update (WebSocket) clients.</source>
        <translation>serve: Sekunden zwischen Pings an Live-Update-Clients (WebSocket).</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="131"/>
        <source>serve: a live-update client heard nothing from (no message, no pong) for S seconds is dropped.</source>
        <translation>serve: ein Live-Update-Client, von dem S Sekunden lang nichts kam (keine Nachricht, kein Pong), wird getrennt.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="132"/>
        <source>serve: seconds a live-update client has to send its auth message.</source>
        <translation>serve: Sekunden, die ein Live-Update-Client für seine Anmeldenachricht hat.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="133"/>
        <source>serve: recent live events kept for clients that resume after a disconnect.</source>
        <translation>serve: letzte Live-Ereignisse, die für Clients aufbewahrt werden, die nach einer Trennung fortsetzen.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="136"/>
        <source>serve: unsent bytes a live-update client may fall behind before it is told to resync and dropped.</source>
        <translation>serve: ungesendete Bytes, die ein Live-Update-Client zurückliegen darf, bevor er zur Neusynchronisierung aufgefordert und getrennt wird.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="288"/>
        <source>--ws-idle-timeout must be longer than --ws-ping-interval, or quiet clients are dropped before a ping reaches them</source>
        <translation>--ws-idle-timeout muss länger als --ws-ping-interval sein, sonst werden ruhige Clients getrennt, bevor sie ein Ping erreicht</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="122"/>
        <source>serve: days raw metric samples are kept.</source>
        <translation>serve: Tage, die Rohmesswerte aufbewahrt werden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="90"/>
        <source>Quarterdeck server: REST and WebSocket API, storage and rules engine.

Commands:
  init    create the database and its first administrator
  serve   run the API server
  enroll-token  print a token agents enroll with
  demo    fill the database with a believable demo fleet
  routes  print every route with its required permission (JSON)
  render-report  render one queued scheduled report (the server runs it)</source>
        <translation>Quarterdeck-Server: REST- und WebSocket-API, Speicher und Regel-Engine.

Befehle:
  init    legt die Datenbank und ihren ersten Administrator an
  serve   startet den API-Server
  enroll-token  gibt ein Token aus, mit dem sich Agenten anmelden
  demo    füllt die Datenbank mit einer glaubwürdigen Demo-Flotte
  routes  gibt jede Route mit der nötigen Berechtigung aus (JSON)
  render-report  erzeugt einen wartenden geplanten Bericht (der Server ruft es auf)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="123"/>
        <source>serve: days 5-minute rollups are kept.</source>
        <translation>serve: Tage, die 5-Minuten-Verdichtungen aufbewahrt werden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="124"/>
        <source>serve: days 1-hour rollups are kept.</source>
        <translation>serve: Tage, die 1-Stunden-Verdichtungen aufbewahrt werden.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="125"/>
        <source>enroll-token: assign enrolled devices to this customer id.</source>
        <translation>enroll-token: weist angemeldete Geräte diesem Kunden zu.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="126"/>
        <source>enroll-token: how many devices may enroll with the token.</source>
        <translation>enroll-token: wie viele Geräte sich mit dem Token anmelden dürfen.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="127"/>
        <source>enroll-token: hours the token stays valid.</source>
        <translation>enroll-token: Stunden, die das Token gültig bleibt.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="128"/>
        <source>demo: number of devices.</source>
        <translation>demo: Anzahl der Geräte.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="129"/>
        <source>demo: days of metric history.</source>
        <translation>demo: Tage an Messwert-Verlauf.</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="151"/>
        <source>name one command: init, serve, enroll-token, demo or routes (see --help)</source>
        <translation>nennen Sie einen Befehl: init, serve, enroll-token, demo oder routes (siehe --help)</translation>
    </message>
    <message>
        <source>unknown command %1 (use init, serve, enroll-token, demo or routes)</source>
        <translation type="vanished">unbekannter Befehl %1 (init, serve, enroll-token, demo oder routes)</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="306"/>
        <source>cannot write the port file %1</source>
        <translation>die Portdatei %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="307"/>
        <source>listening on %1:%2</source>
        <translation>lausche auf %1:%2</translation>
    </message>
    <message>
        <location filename="../app/server_main.cpp" line="311"/>
        <source>stopped</source>
        <translation>beendet</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../core/runtime/commandline.cpp" line="32"/>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation>--%1 muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
</context>
</TS>
