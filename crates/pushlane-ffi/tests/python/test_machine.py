"""A whole lifecycle through `pushlane.Machine`, the sans-IO core: the test plays the host,
the clock, the timers and the store."""

import json
import unittest

import pushlane
from support import dumps

CONFIG = """
edition = "china"
upload_delay_ms = 5000
package_name = "com.example.chat"
launcher_class = "com.example.chat.MainActivity"

[[vendors]]
vendor = "honor"
business_id = 50001
app_id = "104400000"
"""

DEVICE = dumps({
    "platform": "android",
    "manufacturer": "HONOR",
    "brand": "HONOR",
    "android_api": 33,
    "honor_push": True,
    "props": {"ro.build.version.emui": "MagicOS_7.1.0"},
})

CLICK = {
    "type": "notification_clicked",
    "source": "honor",
    "payload": {"msgId": "1441", "data": dumps({"ext": dumps({"conversationID": "c2c_bob"})})},
}


def feed(machine, at_ms, **input):
    """One input; its outputs as dicts, in order."""
    return [json.loads(line) for line in machine.handle(at_ms, dumps(input))]


def names(outputs):
    return [f"{o['kind']}:{o['type']}" for o in outputs]


class MachineLifecycle(unittest.TestCase):
    def test_whole_lifecycle_and_restart(self):
        m = pushlane.Machine(CONFIG, DEVICE, None)
        self.assertEqual(json.loads(m.persisted()), {"tokens": {}, "upload_record": None, "push_enabled": True})

        # Cold start: a tap on a notification starts the app before anything else.
        out = feed(m, 0, **CLICK)
        self.assertEqual(out[0], {"kind": "event", "type": "click_deferred"})

        feed(m, 40, type="sdk_initialized")
        out = feed(m, 60, type="plugin_init")
        self.assertEqual(out[0], {"kind": "event", "type": "vendor_selected", "vendor": "honor", "reason": "manufacturer"})
        self.assertIn({"kind": "effect", "type": "register_vendor", "vendor": "honor"}, out)
        self.assertIn({"kind": "effect", "type": "arm_timer", "timer": "token_fetch", "deadline_ms": 2060}, out)

        out = feed(m, 400, type="login", user_id="erin")
        self.assertIn({"kind": "effect", "type": "request_permission"}, out)
        feed(m, 400, type="permission", granted=True)

        # The vendor SDK's token: the upload waits for init + upload_delay_ms.
        out = feed(m, 410, type="vendor_token", token="honor-token-x30", vendor="honor")
        self.assertEqual(names(out), ["effect:cancel_timer", "effect:arm_timer", "event:state_changed"])
        self.assertEqual(out[1], {"kind": "effect", "type": "arm_timer", "timer": "token_upload", "deadline_ms": 5060})
        self.assertEqual(json.loads(m.status())["upload"], {"state": "scheduled_at", "at_ms": 5060})
        self.assertEqual(json.loads(m.armed_timers()), {"token_upload": 5060})

        # The first screen is up: the held click is delivered, once.
        out = feed(m, 900, type="ui_ready")
        self.assertEqual(names(out)[:2], ["effect:clear_notifications", "effect:deliver_click"])
        self.assertEqual(out[1]["conversation_id"], "c2c_bob")
        self.assertIsNone(json.loads(m.status())["held_click"])

        # The timer fires at its deadline: upload, then the host's answer.
        out = feed(m, 5060, type="timer", timer="token_upload")
        self.assertEqual(out[0], {
            "kind": "effect", "type": "upload_token", "effect_id": 1,
            "vendor": "honor", "business_id": 50001, "token": "honor-token-x30",
        })
        out = feed(m, 5200, type="effect_done", effect_id=1, ok=True)
        self.assertEqual(out[0], {"kind": "event", "type": "token_uploaded", "vendor": "honor", "business_id": 50001})
        status = json.loads(m.status())
        self.assertEqual(status["upload"], {"state": "uploaded"})
        self.assertEqual(status["user_id"], "erin")

        # Background with unread messages: the Chat SDK is told, the launcher badge is set.
        feed(m, 30000, type="unread", count=3)
        out = feed(m, 60000, type="app_state", state="paused")
        self.assertEqual(out[0], {"kind": "effect", "type": "report_background", "unread": 3})
        self.assertEqual(out[1]["type"], "set_badge")
        self.assertEqual(out[1]["count"], 3)
        self.assertEqual(out[1]["call"]["kind"], "content_provider")
        self.assertEqual(out[1]["call"]["extras"]["badgenumber"], 3)

        # The store writes were applied to the persisted state.
        persisted = json.loads(m.persisted())
        self.assertEqual(persisted["tokens"], {"honor": "honor-token-x30"})
        self.assertEqual(persisted["upload_record"], {
            "user_id": "erin", "vendor": "honor", "business_id": 50001, "token": "honor-token-x30",
        })

        # The process dies; a new machine over the persisted state does not upload again.
        again = pushlane.Machine(CONFIG, DEVICE, m.persisted())
        feed(again, 0, type="sdk_initialized")
        out = feed(again, 10, type="plugin_init")
        # The token is known from the store: no polling for it.
        self.assertIn({"kind": "effect", "type": "register_vendor", "vendor": "honor"}, out)
        self.assertNotIn("effect:arm_timer", names(out))
        out = feed(again, 20, type="login", user_id="erin")
        self.assertIn({"kind": "event", "type": "upload_skipped", "reason": "already_uploaded"}, out)
        self.assertNotIn("effect:upload_token", names(out))
        self.assertNotIn("effect:arm_timer", names(out))
        status = json.loads(again.status())
        self.assertEqual(status["upload"], {"state": "uploaded"})
        self.assertEqual(status["token"], "honor-token-x30")

    def test_outputs_are_in_emission_order_and_shaped_as_trace_lines(self):
        m = pushlane.Machine(CONFIG, DEVICE)
        lines = m.handle(0, '{"type":"sdk_initialized"}')
        self.assertEqual(lines, ['{"kind":"event","type":"state_changed","region":"init","from":"new","to":"sdk_ready"}'])


class Refusals(unittest.TestCase):
    def test_bad_input_is_refused_with_the_input_quoted(self):
        m = pushlane.Machine(CONFIG, DEVICE)
        before = m.status()
        with self.assertRaises(pushlane.PushlaneError.Input) as caught:
            m.handle(0, '{"type":"lgoin","user_id":"erin"}')
        self.assertIn('{"type":"lgoin","user_id":"erin"}', str(caught.exception))
        self.assertIn("unknown variant `lgoin`", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Input) as caught:
            m.handle(0, '{"type":"login"}')
        self.assertIn("missing field `user_id`", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Input) as caught:
            m.handle(0, '{"at_ms":0,"kind":"input","type":"ui_ready"}')
        self.assertIn("without `at_ms` and `kind`", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError):
            m.handle(0, "not json")
        self.assertEqual(m.status(), before)

    def test_bad_config_device_and_persisted_state_name_the_part(self):
        with self.assertRaises(pushlane.PushlaneError.Config) as caught:
            pushlane.Machine('edition = "china"\nupload_delay_ms = "soon"\n', DEVICE)
        self.assertIn("upload_delay_ms", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Config) as caught:
            pushlane.Machine('[[vendors]]\nvendor = "xiaomi"\nbusiness_id = 1\napp_id = "a"\n', DEVICE)
        self.assertIn("app_key", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Device) as caught:
            pushlane.Machine(CONFIG, '{"platform":"android","manufacturer":"HONOR","android_api":"33"}')
        self.assertIn("android_api", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Device) as caught:
            pushlane.Machine(CONFIG, '{"platform":"android","manufactuer":"HONOR"}')
        self.assertIn("manufactuer", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Persisted):
            pushlane.Machine(CONFIG, DEVICE, '{"tokens": []}')

    def test_every_vendor_is_linked(self):
        self.assertEqual(
            sorted(pushlane.linked_vendors()),
            sorted(["apns", "fcm", "huawei", "honor", "xiaomi", "oppo", "vivo", "meizu"]),
        )


if __name__ == "__main__":
    unittest.main()
