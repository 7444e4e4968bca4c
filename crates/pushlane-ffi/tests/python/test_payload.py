"""The sending side through the bindings: build a push the TUIKit way, then lint it."""

import json
import unittest

import pushlane
from support import dumps


class PayloadTest(unittest.TestCase):
    def test_a_built_group_push_names_the_group_and_uses_the_summary(self):
        info = json.loads(pushlane.build_push_info(
            dumps({"sender": "alice", "elem_type": "image", "group_id": "g1"}), False))
        self.assertEqual(info["desc"], "[Image]")
        self.assertEqual(json.loads(info["ext"]), {"conversationID": "group_g1"})
        self.assertNotIn("title", info)

    def test_an_ext_that_is_not_json_is_an_error_for_oppo(self):
        message = dumps({"sender": "alice", "elem_type": "text", "text": "hi"})
        info = dumps({"desc": "hi", "ext": "c2c_alice", "android_oppo_channel_id": "im"})
        findings = json.loads(pushlane.lint_push(info, message, ["oppo"]))
        self.assertEqual(
            [(f["code"], f["severity"], f["vendor"]) for f in findings],
            [("ext_not_json", "error", "oppo")],
        )
        self.assertIn("JSON", findings[0]["fix"])

    def test_a_clean_push_has_no_findings_for_apns_and_fcm(self):
        message = dumps({"sender": "alice", "elem_type": "text", "text": "hi"})
        info = pushlane.build_push_info(message, False)
        self.assertEqual(json.loads(pushlane.lint_push(info, message, ["apns", "fcm"])), [])

    def test_a_misspelt_field_and_an_unknown_vendor_are_refused_by_name(self):
        message = dumps({"sender": "alice", "elem_type": "text"})
        with self.assertRaises(pushlane.PushlaneError.Payload) as caught:
            pushlane.lint_push(dumps({"android_oppo_chanel_id": "im"}), message, [])
        self.assertIn("android_oppo_chanel_id", str(caught.exception))
        with self.assertRaises(pushlane.PushlaneError.Payload) as caught:
            pushlane.lint_push("{}", message, ["nokia"])
        self.assertIn("nokia", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
