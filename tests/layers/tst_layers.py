#!/usr/bin/env python3
"""The layering check (scripts/check-layers.py): the project's own sources pass, and a planted
violation of each kind is reported."""
import importlib.util
import os
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location('check_layers', os.path.join(ROOT, 'scripts', 'check-layers.py'))
layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(layers)

QT = {'QWidget': 'QtWidgets', 'QSqlQuery': 'QtSql', 'QNetworkReply': 'QtNetwork', 'QString': 'QtCore',
      'QHttpServerRequest': 'QtHttpServer'}


def write(root, path, text=''):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding='utf-8') as f:
        f.write(text)


class LayerCheck(unittest.TestCase):
    def test_project_sources_hold_their_layers(self):
        problems = layers.check_sources(ROOT, layers.qt_header_modules(layers.find_qt_headers()))
        self.assertEqual(problems, [])

    def test_planted_include_violations_are_found(self):
        with tempfile.TemporaryDirectory() as root:
            write(root, 'core/api/apiclient.h')
            write(root, 'server/http/httpserver.h')
            write(root, 'server/storage/devicestore.h')
            write(root, 'ui/devices/devicesview.h')
            write(root, 'core/domain/device.h', '#include <QString>\n')
            # Allowed: a core file including core, a ui file including core, storage including storage.
            write(root, 'core/cache/ok.cpp', '#include "core/api/apiclient.h"\n#include <QSqlQuery>\n')
            write(root, 'ui/devices/ok.cpp', '#include "core/api/apiclient.h"\n#include <QWidget>\n')
            write(root, 'server/storage/ok.cpp', '#include "server/storage/devicestore.h"\n')
            # Violations, one of each kind.
            write(root, 'core/models/bad.cpp', '#include <QWidget>\n')
            write(root, 'ui/shell/bad.cpp', '#include <QtSql/QSqlQuery>\n#include <QNetworkReply>\n')
            write(root, 'server/storage/bad.cpp', '#include "server/http/httpserver.h"\n')
            write(root, 'core/domain/bad.h', '#include "ui/devices/devicesview.h"\n')
            write(root, 'agent/bad.cpp', '#include "../core/domain/device.h"\n')
            problems = layers.check_sources(root, QT)
        text = '\n'.join(problems)
        self.assertEqual(len(problems), 6, text)
        self.assertIn('core/models/bad.cpp:1: <QWidget> is from QtWidgets', text)
        self.assertIn('ui/shell/bad.cpp:1: <QtSql/QSqlQuery> is from QtSql', text)
        self.assertIn('ui/shell/bad.cpp:2: <QNetworkReply> is from QtNetwork', text)
        self.assertIn('server/storage/bad.cpp:1: "server/http/httpserver.h" is not in a layer server/storage/ may use', text)
        self.assertIn('core/domain/bad.h:1: "ui/devices/devicesview.h" is not in a layer core/domain/ may use', text)
        self.assertIn('agent/bad.cpp:1: include "../core/domain/device.h" does not name a file from the project root', text)

    def test_planted_link_violations_are_found(self):
        graph = {
            'qd_core': {'qd_domain', 'Qt6::Gui'},
            'qd_domain': {'Qt6::Core'},
            'qd_ui_devices': {'qd_core', 'Qt6::Widgets'},
            'qd_server_storage': {'qd_server_base', 'qd_sql'},
            'qd_sql': {'qd_domain', 'Qt6::Sql'},
            'qd_server_base': {'qd_domain'},
        }
        self.assertEqual(layers.check_links(graph), [])
        graph['qd_domain'] = {'Qt6::Core', 'qd_widgetsutil'}
        graph['qd_widgetsutil'] = {'Qt6::Widgets'}            # core -> widgets, through another library
        graph['qd_server_storage'].add('qd_server_http')      # storage -> http
        graph['qd_ui_devices'].add('Qt6::Sql')                # ui -> sql
        problems = layers.check_links(graph)
        text = '\n'.join(problems)
        self.assertIn('target qd_domain links Qt6::Widgets', text)
        self.assertIn('target qd_core links Qt6::Widgets', text)
        self.assertIn('target qd_ui_devices links Qt6::Sql directly', text)
        self.assertIn('target qd_server_storage links qd_server_http', text)


if __name__ == '__main__':
    unittest.main(verbosity=2)
