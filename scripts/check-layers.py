#!/usr/bin/env python3
"""Checks that every source file includes only what its layer may use, and that no library links
what its layer forbids. docs/ARCHITECTURE.md describes the layers; this is the table CI holds
them to.

    scripts/check-layers.py [--root DIR] [--build DIR] [--qt-headers DIR]

--root   the source tree to check (default: the project this script belongs to)
--build  a configured build directory: its link graph (cmake --graphviz) is checked too
--qt-headers  Qt's include directory, to tell which Qt module a header such as <QWidget> is
         from (default: asked of qtpaths6/qmake6)

Exit status 0 when everything holds, 1 with one line per violation otherwise.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Project includes: for each folder (longest prefix wins), the folders its files may include.
# A folder may always include its own files.
DOMAIN = ['core/domain']
CORE = DOMAIN + ['core/sql', 'core/api', 'core/cache', 'core/sync', 'core/models', 'core/session',
                 'core/devices', 'core/alerts', 'core/views', 'core/reporting']
REPORTS_CORE = DOMAIN + ['reports/model', 'reports/builders']
SERVER_BASE = DOMAIN + ['core/runtime', 'server/base']
SERVER_HTTP = SERVER_BASE + ['core/runtime', 'server/http']
SERVER_STORAGE = SERVER_BASE + ['core/sql', 'server/storage'] + REPORTS_CORE
SERVER_SERVICES = SERVER_STORAGE + ['core/runtime', 'server/services']
SERVER_ROUTES = SERVER_SERVICES + SERVER_HTTP + ['server/routes']
SERVER_APP = SERVER_ROUTES + ['server/app']
UI_COMMON = CORE + ['core/runtime', 'reports', 'ui/common']

INCLUDE_RULES = {
    'core/domain': DOMAIN,
    'core/sql': DOMAIN + ['core/sql'],
    'core/runtime': DOMAIN + ['core/runtime'],
    'core': CORE,
    'reports/model': REPORTS_CORE,
    'reports/builders': REPORTS_CORE,
    'reports/render': REPORTS_CORE + ['reports/render'],
    'reports/cache': REPORTS_CORE + ['reports/render', 'reports/cache', 'core/runtime'] + CORE,
    'ui/common': UI_COMMON,
    'ui/dashboard': UI_COMMON + ['ui/dashboard'],
    'ui/devices': UI_COMMON + ['ui/devices'],
    'ui/alerts': UI_COMMON + ['ui/alerts'],
    'ui/devicedetails': UI_COMMON + ['ui/devicedetails', 'ui/alerts'],
    'ui/reports': UI_COMMON + ['ui/reports'],
    'ui/signin': UI_COMMON + ['ui/signin'],
    'ui/shell': UI_COMMON + ['ui'],
    'server/base': SERVER_BASE,
    'server/http': SERVER_HTTP,
    'server/storage': SERVER_STORAGE,
    'server/services': SERVER_SERVICES,
    'server/routes': SERVER_ROUTES,
    'server/app': SERVER_APP,
    'server/render': SERVER_STORAGE + ['core/runtime', 'reports/render', 'server/render'],
    'agent': DOMAIN + ['core/runtime', 'agent'],
    'app/server_main.cpp': SERVER_APP + ['server/render'],
    'app/agent_main.cpp': DOMAIN + ['core/runtime', 'agent'],
    'app/console_main.cpp': UI_COMMON + ['ui'],
    'tests': None,  # tests and benchmarks may include anything
    'bench': None,
}

# Qt modules: for each folder, the modules its files may not include.
GUI = {'QtGui', 'QtWidgets', 'QtCharts', 'QtPrintSupport', 'QtSvg', 'QtOpenGL'}
WIDGETS = {'QtWidgets', 'QtCharts', 'QtPrintSupport'}
IO = {'QtNetwork', 'QtSql', 'QtWebSockets', 'QtHttpServer'}
QT_RULES = {
    'core/domain': GUI | IO,
    'core': WIDGETS | {'QtHttpServer'},
    'reports/model': GUI | IO,
    'reports/builders': GUI | IO,
    'reports/render': IO,
    'reports/cache': {'QtHttpServer'},
    'ui': IO,
    'server/base': GUI | IO,
    'server/http': GUI | {'QtSql'},
    'server/storage': GUI | {'QtHttpServer', 'QtWebSockets', 'QtNetwork'},
    'server/services': GUI | {'QtHttpServer'},
    'server/render': {'QtHttpServer', 'QtWebSockets'},
    'server': GUI,
    'agent': GUI | {'QtSql', 'QtHttpServer'},
    'app/agent_main.cpp': GUI | {'QtSql', 'QtHttpServer'},
    'tests': set(),
    'bench': set(),
}

# Libraries: for each target (a name or a prefix ending in '*'), what it may not link, directly
# or through what it links.
LINK_RULES = {
    'qd_domain': ['Qt6::Gui', 'Qt6::Widgets', 'Qt6::Network', 'Qt6::Sql'],
    'qd_sql': ['Qt6::Gui', 'Qt6::Widgets', 'Qt6::Network'],
    'qd_runtime': ['Qt6::Gui', 'Qt6::Widgets', 'Qt6::Network', 'Qt6::Sql'],
    'qd_core': ['Qt6::Widgets', 'Qt6::Charts', 'Qt6::HttpServer', 'qd_server*'],
    'qd_reports_core': ['Qt6::Gui', 'Qt6::Widgets', 'Qt6::Network', 'Qt6::Sql'],
    'qd_server': ['Qt6::Widgets', 'Qt6::Charts', 'Qt6::Gui', 'qd_core', 'qd_ui*', 'qd_reports'],
    'qd_server_base': ['Qt6::Gui', 'Qt6::Network', 'Qt6::Sql', 'qd_server_*'],
    'qd_server_http': ['Qt6::Gui', 'Qt6::Sql', 'qd_server_storage', 'qd_server_services', 'qd_server_routes'],
    'qd_server_storage': ['Qt6::Gui', 'Qt6::HttpServer', 'qd_server_http', 'qd_server_services', 'qd_server_routes'],
    'qd_server_services': ['Qt6::Gui', 'Qt6::HttpServer', 'qd_server_http', 'qd_server_routes'],
    'qd_server_routes': ['Qt6::Gui', 'qd_server'],
    'qd_agent': ['Qt6::Gui', 'Qt6::Widgets', 'Qt6::Sql', 'Qt6::HttpServer', 'qd_server*', 'qd_core'],
    'qd_ui*': ['qd_server*'],
}
# What a UI library may not link directly (it reaches the network and SQL only through qd_core).
DIRECT_LINK_RULES = {
    'qd_ui*': ['Qt6::Network', 'Qt6::Sql', 'Qt6::WebSockets', 'Qt6::HttpServer'],
}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SOURCE_EXT = ('.cpp', '.h')
SKIP_DIRS = {'.git', 'build', 'translations', 'resources', 'docs', 'scripts', 'installer', 'cmake'}


def rule_for(rules, rel):
    best = None
    for key in rules:
        if rel == key or rel.startswith(key.rstrip('/') + '/'):
            if best is None or len(key) > len(best):
                best = key
    return best


def allowed(include, folder_of_file, allowed_prefixes):
    if include.startswith(folder_of_file + '/'):
        return True
    return any(include == p or include.startswith(p + '/') for p in allowed_prefixes)


def qt_header_modules(qt_headers):
    modules = {}
    if not qt_headers or not os.path.isdir(qt_headers):
        return modules
    for module in os.listdir(qt_headers):
        mdir = os.path.join(qt_headers, module)
        if not module.startswith('Qt') or not os.path.isdir(mdir):
            continue
        for header in os.listdir(mdir):
            if header.startswith('Q') and '.' not in header:
                modules.setdefault(header, module)
    return modules


def find_qt_headers():
    for tool in ('qtpaths6', 'qtpaths', 'qmake6'):
        exe = shutil.which(tool) or (os.path.join('/usr/lib/qt6/bin', tool) if os.path.exists(os.path.join('/usr/lib/qt6/bin', tool)) else None)
        if not exe:
            continue
        try:
            out = subprocess.run([exe, '-query', 'QT_INSTALL_HEADERS'] if 'qmake' in tool else [exe, '--query', 'QT_INSTALL_HEADERS'],
                                 capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and os.path.isdir(out):
            return out
    return None


def check_sources(root, qt_modules):
    problems = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, '/')
        if rel_dir == '.':
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith('.')]
            continue
        for name in sorted(filenames):
            if not name.endswith(SOURCE_EXT):
                continue
            rel = f'{rel_dir}/{name}'
            with open(os.path.join(dirpath, name), encoding='utf-8', errors='replace') as f:
                text = f.read()
            inc_key = rule_for(INCLUDE_RULES, rel)
            qt_key = rule_for(QT_RULES, rel)
            for m in INCLUDE_RE.finditer(text):
                kind, include = m.group(1), m.group(2)
                line = text.count('\n', 0, m.start()) + 1
                if kind == '"':
                    if include.endswith('.moc') or os.path.basename(include).startswith(('moc_', 'ui_')):
                        continue
                    if '..' in include.split('/') or not os.path.exists(os.path.join(root, include)):
                        problems.append(f'{rel}:{line}: include "{include}" does not name a file from the project root')
                        continue
                    if inc_key is None:
                        problems.append(f'{rel}:{line}: no layer rule covers this file')
                    elif INCLUDE_RULES[inc_key] is not None and not allowed(include, rel_dir, INCLUDE_RULES[inc_key]):
                        problems.append(f'{rel}:{line}: "{include}" is not in a layer {inc_key}/ may use')
                else:
                    module = include.split('/')[0] if '/' in include else qt_modules.get(include)
                    if module and qt_key is not None and module in QT_RULES[qt_key]:
                        problems.append(f'{rel}:{line}: <{include}> is from {module}, which {qt_key}/ may not use')
    return problems


def read_link_graph(build):
    """Direct links per target from `cmake --graphviz`."""
    out_dir = tempfile.mkdtemp(prefix='qd-layers-')
    try:
        dot = os.path.join(out_dir, 'deps.dot')
        subprocess.run(['cmake', f'--graphviz={dot}', '.'], cwd=build, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        names, edges = {}, {}
        node_re = re.compile(r'^\s*"(node\d+)"\s*\[\s*label\s*=\s*"([^"]+)"')
        edge_re = re.compile(r'^\s*"(node\d+)"\s*->\s*"(node\d+)"')
        with open(dot, encoding='utf-8') as f:
            for line in f:
                m = node_re.match(line)
                if m:
                    names[m.group(1)] = m.group(2)
                    continue
                m = edge_re.match(line)
                if m:
                    edges.setdefault(m.group(1), set()).add(m.group(2))
        graph = {}
        for node, label in names.items():
            graph.setdefault(label, set()).update(names[t] for t in edges.get(node, ()))
        return graph
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def matches(pattern, name):
    return name.startswith(pattern[:-1]) if pattern.endswith('*') else name == pattern


def check_links(graph):
    problems = []
    def closure(target):
        seen, stack = set(), [target]
        while stack:
            for dep in graph.get(stack.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return seen
    for target in sorted(graph):
        for pattern, forbidden in LINK_RULES.items():
            if matches(pattern, target):
                reach = closure(target)
                for f in forbidden:
                    for dep in sorted(d for d in reach if matches(f, d) and d != target):
                        problems.append(f'target {target} links {dep} (directly or through another library), which {pattern} may not')
        for pattern, forbidden in DIRECT_LINK_RULES.items():
            if matches(pattern, target):
                for dep in sorted(graph.get(target, ())):
                    if any(matches(f, dep) for f in forbidden):
                        problems.append(f'target {target} links {dep} directly, which {pattern} may not')
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--root', default=os.path.dirname(here))
    parser.add_argument('--build')
    parser.add_argument('--qt-headers')
    args = parser.parse_args()
    qt_modules = qt_header_modules(args.qt_headers or find_qt_headers())
    if not qt_modules:
        print('check-layers: Qt headers not found; <QClass> includes are checked only in <QtModule/QClass> form',
              file=sys.stderr)
    problems = check_sources(args.root, qt_modules)
    if args.build:
        problems += check_links(read_link_graph(args.build))
    for p in problems:
        print(p)
    print(f'check-layers: {len(problems)} violation(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
