// A long scenario for the 10 000-item measurement: the Xiaomi example's phone used all day,
// going to background and back, messages arriving, notifications tapped, the user switching.

/** The scenario text with `rounds` rounds of use (about 10 trace items a round). */
export function largeScenario(rounds) {
  const lines = [
    'name = "A long day on a Redmi phone (generated for the 10 000-item page test)"',
    "",
    "[device]",
    'platform = "android"',
    'manufacturer = "Xiaomi"',
    'brand = "Redmi"',
    "android_api = 34",
    "",
    "[config]",
    'edition = "china"',
    'package_name = "com.example.chat"',
    'launcher_class = "com.example.chat.MainActivity"',
    "",
    "[[config.vendors]]",
    'vendor = "xiaomi"',
    "business_id = 10001",
    'app_id = "2882303761517000000"',
    'app_key = "5731700000000"',
    "",
    "[host]",
    'token = "mi-token-long-day"',
    "token_after_ms = 300",
  ];
  const step = (atMs, input, fields = "") => {
    lines.push("", "[[step]]", `at_ms = ${atMs}`, `input = "${input}"`);
    if (fields) lines.push(fields);
  };
  step(0, "sdk_initialized");
  step(100, "plugin_init");
  step(200, "login", 'user_id = "alice"');
  step(300, "ui_ready");
  for (let round = 0; round < rounds; round += 1) {
    const t = 10_000 + round * 10_000;
    const sender = `friend${round % 7}`;
    step(t, "app_state", 'state = "paused"');
    step(t + 1_000, "message_received", `message = { msg_id = "m-${round}", sender = "${sender}", elem_type = "text", text = "message ${round}" }`);
    step(t + 1_500, "unread", `count = ${(round % 9) + 1}`);
    step(t + 4_000, "notification_clicked", `source = "xiaomi"\npayload = { title = "${sender}", content = "message ${round}", msgId = "m-${round}", ext = "{\\"conversationID\\":\\"c2c_${sender}\\"}" }`);
    step(t + 4_200, "app_state", 'state = "resumed"');
    step(t + 5_000, "conversation_shown", `conversation_id = "c2c_${sender}"`);
    if (round % 50 === 49) {
      step(t + 8_000, "logout");
      step(t + 9_000, "login", `user_id = "${round % 100 === 49 ? "bob" : "alice"}"`);
    }
  }
  return lines.join("\n") + "\n";
}
