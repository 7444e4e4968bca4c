"""`pushlane.Engine` with a Python host over a temporary SQLite file, on real time: the engine
runs its own timers and answers its own effect results; the host answers `register_vendor`
with a token by calling `engine.send` from inside `perform`."""

import json
import pathlib
import tempfile
import threading
import time
import unittest

import pushlane
from support import dumps, wait_for

CONFIG = """
edition = "china"
upload_delay_ms = 200
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"

[[vendors]]
vendor = "xiaomi"
business_id = 10001
app_id = "2882303761517000000"
app_key = "5731700000000"
"""

DEVICE = dumps({
    "platform": "android",
    "manufacturer": "Xiaomi",
    "brand": "Redmi",
    "android_api": 34,
    "props": {"ro.miui.ui.version.name": "V140"},
})


class RecordingHost(pushlane.Host):
    """Records every call; answers `register_vendor` and `request_permission` through the
    engine from inside `perform`; fails the first `fail_uploads` uploads."""

    def __init__(self, fail_uploads=0, failure=None):
        self.engine = None
        self.effects = []
        self.threads = set()
        self.fail_uploads = fail_uploads
        self.failure = failure or pushlane.HostCallError.Failed("network down")
        self.lock = threading.Lock()

    def perform(self, effect_json):
        effect = json.loads(effect_json)
        with self.lock:
            self.effects.append(effect)
            self.threads.add(threading.get_ident())
        kind = effect["type"]
        if kind == "register_vendor":
            # What a vendor SDK callback does; here straight from inside perform.
            self.engine.send(dumps({"type": "vendor_token", "token": "mi-token-1", "vendor": effect["vendor"]}))
            json.loads(self.engine.status())  # no deadlock inside perform either
        elif kind == "request_permission":
            self.engine.send(dumps({"type": "permission", "granted": True}))
        elif kind == "upload_token":
            with self.lock:
                fail = self.fail_uploads > 0
                self.fail_uploads -= 1
            if fail:
                raise self.failure

    def of_type(self, kind):
        with self.lock:
            return [e for e in self.effects if e["type"] == kind]


class Items(pushlane.EventListener):
    def __init__(self):
        self.items = []
        self.lock = threading.Lock()

    def on_item(self, item_json):
        with self.lock:
            self.items.append(json.loads(item_json))

    def names(self):
        with self.lock:
            return [f"{i['kind']}:{i['type']}" for i in self.items]

    def of_type(self, kind):
        with self.lock:
            return [i for i in self.items if i["type"] == kind]


def start(store, host):
    engine = pushlane.Engine(CONFIG, DEVICE, str(store), host)
    host.engine = engine
    return engine


def upload_state(engine):
    return json.loads(engine.status())["upload"]["state"]


class EngineOverSqlite(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.store = pathlib.Path(self.dir.name) / "push.db"
        self.engines = []

    def tearDown(self):
        for engine in self.engines:
            engine.shutdown()
        self.dir.cleanup()

    def engine(self, host):
        engine = start(self.store, host)
        self.engines.append(engine)
        return engine

    def test_lifecycle_then_restart_without_a_second_upload(self):
        host = RecordingHost()
        engine = self.engine(host)
        items = Items()
        engine.subscribe(items)
        for input in ({"type": "sdk_initialized"}, {"type": "plugin_init"}, {"type": "login", "user_id": "alice"}):
            engine.send(dumps(input))

        wait_for("the upload", lambda: upload_state(engine) == "uploaded")
        uploads = host.of_type("upload_token")
        self.assertEqual(uploads, [{"type": "upload_token", "vendor": "xiaomi", "business_id": 10001, "token": "mi-token-1"}])
        self.assertEqual(host.of_type("register_vendor"), [{"type": "register_vendor", "vendor": "xiaomi"}])
        self.assertNotIn("arm_timer", [e["type"] for e in host.effects], "timers are the engine's own")
        self.assertNotIn(threading.get_ident(), host.threads, "perform runs off the caller's thread")

        # The upload waited for init + upload_delay_ms, on the engine's clock.
        wait_for("token_uploaded", lambda: items.of_type("token_uploaded"))
        uploaded = items.of_type("upload_token")[0]
        init = next(i for i in items.of_type("plugin_init"))
        self.assertGreaterEqual(uploaded["at_ms"] - init["at_ms"], 200)
        self.assertEqual(uploaded["kind"], "effect")
        self.assertEqual(uploaded["effect_id"], 1)
        names = items.names()
        self.assertEqual(names[0], "input:sdk_initialized")
        self.assertIn("input:vendor_token", names)
        self.assertIn("input:effect_done", names)
        self.assertIn("input:timer", names)
        status = json.loads(engine.status())
        self.assertEqual((status["vendor"], status["token"], status["user_id"]), ("xiaomi", "mi-token-1", "alice"))

        engine.send(dumps({"type": "unread", "count": 2}))
        engine.send(dumps({"type": "app_state", "state": "paused"}))
        wait_for("report_background", lambda: host.of_type("report_background"))
        self.assertEqual(host.of_type("report_background"), [{"type": "report_background", "unread": 2}])

        engine.shutdown()
        self.assertTrue(engine.is_closed())
        with self.assertRaises(pushlane.PushlaneError.Closed):
            engine.send(dumps({"type": "ui_ready"}))
        with self.assertRaises(pushlane.PushlaneError.Closed):
            engine.status()

        # The app starts again over the same store: logged in, nothing is uploaded again.
        host = RecordingHost()
        engine = self.engine(host)
        for input in ({"type": "sdk_initialized"}, {"type": "plugin_init"}, {"type": "login", "user_id": "alice"}):
            engine.send(dumps(input))
        wait_for("logged in", lambda: json.loads(engine.status())["user_id"] == "alice")
        self.assertEqual(upload_state(engine), "uploaded")
        time.sleep(0.4)  # past the upload delay
        self.assertEqual(host.of_type("upload_token"), [])
        self.assertEqual(upload_state(engine), "uploaded")

    def test_a_failed_upload_is_retried(self):
        host = RecordingHost(fail_uploads=1)
        engine = self.engine(host)
        items = Items()
        engine.subscribe(items)
        for input in ({"type": "sdk_initialized"}, {"type": "plugin_init"}, {"type": "login", "user_id": "alice"}):
            engine.send(dumps(input))
        wait_for("upload_failed", lambda: items.of_type("upload_failed"))
        failed = items.of_type("upload_failed")[0]
        self.assertEqual((failed["attempt"], failed["retry_in_ms"], failed["error"]), (1, 1000, "network down"))
        wait_for("the retry", lambda: upload_state(engine) == "uploaded")
        self.assertEqual(len(host.of_type("upload_token")), 2)

    def test_any_exception_in_perform_is_a_failed_call(self):
        host = RecordingHost(fail_uploads=1, failure=RuntimeError("socket closed"))
        engine = self.engine(host)
        items = Items()
        engine.subscribe(items)
        for input in ({"type": "sdk_initialized"}, {"type": "plugin_init"}, {"type": "login", "user_id": "alice"}):
            engine.send(dumps(input))
        wait_for("upload_failed", lambda: items.of_type("upload_failed"))
        self.assertIn("socket closed", items.of_type("upload_failed")[0]["error"])

    def test_a_host_that_sends_from_another_thread(self):
        class LateHost(RecordingHost):
            def perform(self, effect_json):
                effect = json.loads(effect_json)
                with self.lock:
                    self.effects.append(effect)
                if effect["type"] == "register_vendor":
                    # The vendor SDK calls back later, on a thread of its own.
                    token = dumps({"type": "vendor_token", "token": "mi-late", "vendor": effect["vendor"]})
                    threading.Timer(0.05, lambda: self.engine.send(token)).start()

        host = LateHost()
        engine = self.engine(host)
        for input in ({"type": "sdk_initialized"}, {"type": "plugin_init"}, {"type": "login", "user_id": "bob"}):
            engine.send(dumps(input))
        wait_for("the upload", lambda: upload_state(engine) == "uploaded")
        self.assertEqual(host.of_type("upload_token")[0]["token"], "mi-late")

    def test_refusals(self):
        host = RecordingHost()
        engine = self.engine(host)
        with self.assertRaises(pushlane.PushlaneError.Input) as caught:
            engine.send('{"type":"logn","user_id":"alice"}')
        self.assertIn("unknown variant `logn`", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Config):
            pushlane.Engine('edition = "mars"', DEVICE, str(self.store) + "-2", RecordingHost())
        with self.assertRaises(pushlane.PushlaneError.Device):
            pushlane.Engine(CONFIG, '{"platform":"android"}', str(self.store) + "-3", RecordingHost())
        # A directory is no store file: refused. (A missing directory is only unavailable: the
        # engine runs in memory, says store_unavailable and retries.)
        a_dir = pathlib.Path(self.dir.name) / "a-dir.db"
        a_dir.mkdir()
        with self.assertRaises(pushlane.PushlaneError.Store) as caught:
            pushlane.Engine(CONFIG, DEVICE, str(a_dir), RecordingHost())
        self.assertIn("a-dir.db", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
