<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Cli</name>
    <message>
        <location filename="../app/agent_main.cpp" line="47"/>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="70"/>
        <source>Quarterdeck agent: reports this device&apos;s metrics and inventory to a Quarterdeck server and runs the jobs it allows.

  quarterdeck-agent --server URL --enroll TOKEN   enroll once, then run
  quarterdeck-agent [--config FILE]                run as the enrolled device
  quarterdeck-agent --server URL --enroll TOKEN --simulate N   play N virtual devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="77"/>
        <source>Server URL, e.g. https://rmm.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="78"/>
        <source>Enrollment token from `quarterdeck-server enroll-token`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="79"/>
        <source>Agent config file (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="81"/>
        <source>Seconds between reports (default: what the server says, usually 60).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="82"/>
        <source>Run reboot and script jobs; without it every job is refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="83"/>
        <source>Collect and send one round (metrics, inventory, jobs), then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="84"/>
        <source>Where undelivered reports wait, one subdirectory per device (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="85"/>
        <source>JSON {last_run, result, size_bytes, message} written by the backup tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="86"/>
        <source>Seconds between inventory checks (default 900).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="87"/>
        <source>Device type at enrollment: %1 (default: detected).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="88"/>
        <source>Play N virtual devices (demos and load tests).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="89"/>
        <source>Simulator: seed of the virtual fleet (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="90"/>
        <source>Simulator: file keeping the virtual devices&apos; identities between runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="91"/>
        <source>Log format: text or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="92"/>
        <source>Also log debug messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="102"/>
        <source>unexpected argument %1 (see --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="106"/>
        <source>--log-format must be text or json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="119"/>
        <source>--seed must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="122"/>
        <source>--type must be one of: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="124"/>
        <source>--server and --enroll go together (enrolling needs both)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="126"/>
        <source>--simulate needs --server URL and --enroll TOKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="138"/>
        <source>cannot read %1: no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="139"/>
        <source>not enrolled yet: start with --server URL --enroll TOKEN, or name --config FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="210"/>
        <source>%1 is enrolled with %2; name another --config or delete it to enroll with %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/agent_main.cpp" line="226"/>
        <source>enrollment failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qd::agent::Agent</name>
    <message>
        <location filename="../agent/agent.cpp" line="236"/>
        <source>the server refused this agent&apos;s token (%1): it was revoked or the device was deleted; enroll the device again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../agent/agent.cpp" line="256"/>
        <source>could not deliver everything (%1); %n request(s) stay spooled for the next run</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qd::agent::Enroller</name>
    <message>
        <location filename="../agent/enroller.cpp" line="27"/>
        <source>the enrollment token is unknown, expired or used up (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/enroller.cpp" line="29"/>
        <source>cannot reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/enroller.cpp" line="31"/>
        <source>the server refused the enrollment: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qd::agent::JobRunner</name>
    <message>
        <location filename="../agent/jobrunner.cpp" line="139"/>
        <source>This device does not run actions: quarterdeck-agent was started without --allow-actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="145"/>
        <source>Invalid job: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="149"/>
        <source>This agent does not know jobs of kind &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="157"/>
        <source>Cannot reboot: %1 is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="167"/>
        <source>Cannot run the script: %1 is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="197"/>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="223"/>
        <source>
[stopped after the time limit of %1 s]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/jobrunner.cpp" line="227"/>
        <source>
[ended by a signal]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qd::agent::Simulator</name>
    <message>
        <location filename="../agent/simulator.cpp" line="160"/>
        <source>the server refused the enrollment token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="287"/>
        <source>This device does not run actions: quarterdeck-agent was started without --allow-actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="291"/>
        <source>Simulated device: reboot started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="293"/>
        <source>Simulated devices do not run scripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="364"/>
        <source>not every device enrolled and reported; last failure: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="378"/>
        <source>simulator: %1/%2 enrolled, %3 offline, %4 batches sent (%5 samples), %6 inventories, %7 job results, %8 failures, %9 in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="383"/>
        <source>, %1 rounds late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../agent/simulator.cpp" line="385"/>
        <source> (last failure: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
