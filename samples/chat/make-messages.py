#!/usr/bin/python3
"""Writes samples/chat/messages.jsonl: 56 realistic Teams chatMessage resources (chats, channel
posts, replies), clean and violating, as Graph returns them. Deterministic (seeded).
All names, ids and numbers are invented; card numbers are public test numbers or generated."""
import json
import random

rng = random.Random(20261125)
TENANT = "2432b57b-0abd-43db-aa7b-16eadd115d34"
PEOPLE = [("8ea0e38b-efb3-4757-924a-5f94061cf8c2", "Adele Vance"),
          ("87d349ed-44d7-43e1-9a83-5f2406dee5bd", "Megan Bowen"),
          ("5bde3e51-d13b-4db1-9948-fe4b109d11a7", "Lee Gu"),
          ("c8913c86-ceea-4d39-b1ea-f63a5b675166", "Diego Siciliani"),
          ("e0ad2b5e-3e0a-4f2c-9c2a-4a1d2b3c4d5e", "Nestor Wilke")]
CHATS = ["19:2da4c29f6d7041eca70b638b43d45437@thread.v2",
         "19:b8577894a63548969c5c92bb9c80c5e1@thread.v2",
         "19:8ea0e38b-efb3-4757-924a-5f94061cf8c2_87d349ed-44d7-43e1-9a83-5f2406dee5bd@unq.gbl.spaces"]
TEAM = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b"
CHANNELS = ["19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2",
            "19:0d5c1e29a2f84c5cb8b7b0b5b23b0b84@thread.tacv2"]

CLEAN = [
    "<p>Morning team! Stand-up moved to 9:30 today.</p>",
    "<p>Build 4.2.1877 is green &#x2705; &mdash; shipping after lunch.</p>",
    "<p>Can someone review PR #4412? It touches the invoice export.</p>",
    "<p>Reminder: order #100234567 shipped yesterday, tracking 1Z999AA10123456784.</p>",
    "<div>Thanks <at id=\"0\">Megan Bowen</at>, the deck looks great.</div>",
    "<p>Lunch at Caf&eacute; Zur&uuml;ch? Table for 6 at 12:15.</p>",
    "<p>Release notes: <a href=\"https://contoso.sharepoint.com/sites/eng/notes\">here</a>.</p>",
    "<p>The Q3 forecast is in the shared folder; v2.3 has the fixes.</p>",
    "<ul><li>agenda</li><li>budget review</li><li>vendor contract</li></ul>",
    "<p>Call me at ext. 4471 if the VPN drops again.</p>",
    "<p>GUID for the test tenant is 3f2504e0-4f89-11d3-9a0c-0305e82c3301, no secrets here.</p>",
    "<p>Timestamp of the incident: 1732097643123 (UTC ms).</p>",
    "<p>Please use card payments through the portal, never paste numbers here.</p>",
    "<p>Ticket 4111-2222-3333-4444 was merged into the backlog.</p>",
    "<p>Meeting notes attached, see the spreadsheet.</p>",
    "<p>&#128512; happy Friday everyone!</p>",
    "<p>Our AWS docs example key is AKIAIOSFODNN7EXAMPLE, it is not real.</p>",
    "<p>Old wallet ad number 078-05-1120 is a famous fake SSN.</p>",
    "<p>Contact the vendor at sales@contoso.com for the quote.</p>",
    "<p>The sprint review is &quot;done&quot; &amp; archived.</p>",
]

def luhn_complete(payload):
    s = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return payload + str((10 - s % 10) % 10)

def card():
    prefix = rng.choice(["4", "51", "53", "55", "2221", "2720", "6011", "65"])
    payload = prefix + "".join(str(rng.randint(0, 9)) for _ in range(15 - len(prefix)))
    n = luhn_complete(payload)
    return " ".join(n[i:i + 4] for i in range(0, 16, 4))

VIOLATING = [
    lambda: f"<p>Book it on my corporate visa {card()}, exp 09/28.</p>",
    lambda: f"<p>Customer card for the refund: {card()} (mastercard)</p>",
    lambda: "<p>Refund batch:</p><ul>" + "".join(f"<li>{card()}</li>" for _ in range(4)) + "</ul>",
    lambda: "<p>HR needs his SSN for the I-9: 536-22-8741.</p>",
    lambda: "<p>social security number 412-55-7834, please update payroll</p>",
    lambda: "<p>Wire the deposit to IBAN DE89 3704 0044 0532 0130 00 today.</p>",
    lambda: "<p>New supplier bank account: GB82 WEST 1234 5698 7654 32</p>",
    lambda: "<codeblock><code>export AWS_ACCESS_KEY_ID=AKIA2E3MZQ7HT5LRXV4N</code></codeblock>",
    lambda: "<p>use 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 for the CI job</p>",
    lambda: "<pre>-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA (test only)\n-----END RSA PRIVATE KEY-----</pre>",
    lambda: "<p>card&#58; &#53;&#53;&#53;&#53; <i>5555</i> 5555 <a href=\"https://x.example\">4444</a></p>",
    lambda: f"<p>Amex for the offsite: 3782 822463 10005 &ndash; cvv on the back</p>",
]

def sender():
    return rng.choice(PEOPLE)

def base(i, html):
    uid, name = sender()
    m = {
        "@odata.type": "#microsoft.graph.chatMessage",
        "id": str(1732090000000 + i * 7919),
        "replyToId": None,
        "etag": str(1732090000000 + i * 7919),
        "messageType": "message",
        "createdDateTime": f"2026-11-20T{9 + i % 8:02d}:{(i * 7) % 60:02d}:{(i * 13) % 60:02d}.{i:03d}Z",
        "lastModifiedDateTime": None,
        "subject": None,
        "summary": None,
        "importance": "normal",
        "locale": "en-us",
        "from": {"application": None, "device": None,
                 "user": {"@odata.type": "#microsoft.graph.teamworkUserIdentity", "id": uid,
                          "displayName": name, "userIdentityType": "aadUser", "tenantId": TENANT}},
        "body": {"contentType": "html", "content": html},
        "attachments": [],
        "mentions": [],
        "reactions": [],
        "policyViolation": None,
    }
    kind = i % 4
    if kind < 2:
        m["chatId"] = CHATS[i % len(CHATS)]
        m["channelIdentity"] = None
    else:
        m["chatId"] = None
        m["channelIdentity"] = {"teamId": TEAM, "channelId": CHANNELS[i % 2]}
        if kind == 3:
            m["replyToId"] = str(1732090000000 + (i - 1) * 7919)
        else:
            m["subject"] = rng.choice(["Weekly update", "Incident follow-up", "Vendor onboarding"])
    return m

msgs = []
i = 0
for html in CLEAN:
    msgs.append(base(i, html)); i += 1
for make in VIOLATING:
    msgs.append(base(i, make())); i += 1
for make in VIOLATING[:8]:
    msgs.append(base(i, make())); i += 1
for html in CLEAN[:8]:
    msgs.append(base(i, html)); i += 1
# A card attachment carrying a secret in its text.
m = base(i, "<attachment id=\"74d20c7f\"></attachment>"); i += 1
m["attachments"] = [{"id": "74d20c7f", "contentType": "application/vnd.microsoft.card.adaptive",
                     "contentUrl": None, "name": None, "thumbnailUrl": None,
                     "content": json.dumps({"type": "AdaptiveCard", "version": "1.4", "body": [
                         {"type": "TextBlock", "text": "Deploy credentials"},
                         {"type": "TextBlock", "text": "key: AKIA4F6TQ2WXNRP7YH3K"}]})}]
msgs.append(m)
# A file attachment whose name is the only signal (clean).
m = base(i, "<p>see attached</p><attachment id=\"a1\"></attachment>"); i += 1
m["attachments"] = [{"id": "a1", "contentType": "reference", "name": "Q3-forecast-v2.xlsx",
                     "contentUrl": "https://contoso.sharepoint.com/sites/fin/Q3-forecast-v2.xlsx"}]
msgs.append(m)
# A system event (member added): recorded, not scanned.
m = base(i, "<systemEventMessage/>"); i += 1
m["messageType"] = "systemEventMessage"
m["eventDetail"] = {"@odata.type": "#microsoft.graph.membersAddedEventMessageDetail"}
msgs.append(m)
# A message Bulwark flagged earlier (another instance, before a restart): its policyViolation
# is what Bulwark would set, so it comes back as `enforced` feedback, not a second PATCH.
m = base(i, "<p>the card is 4012 8888 8888 1881</p>"); i += 1
m["lastModifiedDateTime"] = "2026-11-20T10:35:02.000Z"
m["policyViolation"] = {"dlpAction": "notifySender", "justificationText": None,
                        "policyTip": {"generalText": "Payment card numbers may not be shared in Teams.",
                                      "complianceUrl": "https://contoso.example/dlp",
                                      "matchedConditionDescriptions": ["financial.card-number"]},
                        "userAction": "none", "verdictDetails": "allowOverrideWithoutJustification"}
msgs.append(m)

def flagged(m, dlp, modified, user_action="none", justification=None):
    u = json.loads(json.dumps(m))
    u["lastModifiedDateTime"] = modified
    u["policyViolation"] = {"dlpAction": dlp, "justificationText": justification,
                            "policyTip": {"generalText": "Flagged by Bulwark (sample).",
                                          "matchedConditionDescriptions": ["financial.card-number"]},
                            "userAction": user_action, "verdictDetails": "allowFalsePositiveOverride"}
    return u

# The feedback loop (each pair is one event: `simulate --batch 2`). A notify verdict, then the
# `updated` notification Bulwark's own PATCH causes: `enforced` feedback.
m = base(i, "<p>my visa card 4539 1488 0343 6467, exp 09/29</p>"); i += 1
msgs.append(m)
msgs.append(flagged(m, "notifySender", "2026-11-20T10:40:01.000Z"))
# A notify verdict, then the sender edits the card number away: evaluated again, an allow
# verdict that supersedes the first.
m = base(i, "<p>card on file: visa 5555 5555 5555 4444</p>"); i += 1
msgs.append(m)
e = flagged(m, "notifySender", "2026-11-20T10:41:07.000Z")
e["lastEditedDateTime"] = "2026-11-20T10:41:07.000Z"
e["body"]["content"] = "<p>card on file: see the payments portal</p>"
msgs.append(e)
# Senders answering a block: an override with a justification, a false-positive report.
m = base(i, "<p>visa 4012 8888 8888 1881 for the refund</p>"); i += 1
msgs.append(flagged(m, "notifySender", "2026-11-20T10:45:00.000Z", "override",
                    "Customer asked for the refund on this card."))
m = base(i, "<p>card 5425 2334 3010 9903 is the one from the vendor docs</p>"); i += 1
msgs.append(flagged(m, "notifySender", "2026-11-20T10:46:00.000Z", "reportFalsePositive"))

with open("samples/chat/messages.jsonl", "w") as f:
    for m in msgs:
        f.write(json.dumps(m, ensure_ascii=False) + "\n")
print(len(msgs), "messages")
