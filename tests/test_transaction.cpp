// sipspan — transaction keys (RFC 3261 §17.1.3, §17.2.3) and dialog ids (§12).

#include <gtest/gtest.h>

#include <string>

#include "sipspan/message.hpp"
#include "sipspan/transaction.hpp"

using namespace sipspan;

namespace {

std::string request(std::string method, std::string branch, std::string via_host = "pc33.atlanta.com",
                    std::string cseq_method = "", std::string to_tag = "", std::string uri = "sip:bob@biloxi.com") {
  if (cseq_method.empty()) cseq_method = method;
  return method + " " + uri + " SIP/2.0\r\n" + "Via: SIP/2.0/UDP " + via_host + ";branch=" + branch + "\r\n" +
         "To: Bob <sip:bob@biloxi.com>" + (to_tag.empty() ? "" : ";tag=" + to_tag) + "\r\n" +
         "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" + "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" +
         "CSeq: 314159 " + cseq_method + "\r\n" + "Content-Length: 0\r\n\r\n";
}

std::string response(int code, std::string branch, std::string cseq_method) {
  return "SIP/2.0 " + std::to_string(code) + " OK\r\n" + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=" + branch +
         ";received=192.0.2.1\r\n" + "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
         "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" + "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" +
         "CSeq: 314159 " + cseq_method + "\r\n" + "Content-Length: 0\r\n\r\n";
}

struct keyed {
  std::string text;
  message_view msg;
  transaction_key key;
  explicit keyed(std::string t) : text(std::move(t)) {
    result r = parse(text, msg);
    EXPECT_TRUE(r) << r.name();
    r = transaction_key_of(msg, key);
    EXPECT_TRUE(r) << r.name() << " at " << r.offset;
  }
};

}  // namespace

TEST(transaction, rfc3261_key_fields) {
  keyed k(request("INVITE", "z9hG4bK776asdhds", "pc33.atlanta.com:5070"));
  EXPECT_TRUE(k.key.rfc3261);
  EXPECT_EQ(k.key.branch, "z9hG4bK776asdhds");
  EXPECT_EQ(k.key.sent_by_host, "pc33.atlanta.com");
  EXPECT_EQ(k.key.sent_by_port, 5070);
  EXPECT_EQ(k.key.method, "INVITE");
  EXPECT_EQ(k.key.cseq_number, 314159u);
  EXPECT_EQ(k.key.call_id, "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(k.key.from_tag, "1928301774");
  EXPECT_EQ(k.key.to_tag, "");
}

TEST(transaction, server_matching_with_magic_cookie) {
  keyed invite(request("INVITE", "z9hG4bK776asdhds"));
  keyed retrans(request("INVITE", "z9hG4bK776asdhds"));
  keyed ack(request("ACK", "z9hG4bK776asdhds"));
  keyed cancel(request("CANCEL", "z9hG4bK776asdhds"));
  keyed other_branch(request("INVITE", "z9hG4bK776asdhdX"));
  keyed other_sender(request("INVITE", "z9hG4bK776asdhds", "evil.example.com"));
  keyed case_branch(request("INVITE", "Z9HG4BK776ASDHDS"));

  EXPECT_TRUE(same_server_transaction(retrans.key, invite.key));
  EXPECT_TRUE(same_server_transaction(ack.key, invite.key));      // ACK matches its INVITE
  EXPECT_FALSE(same_server_transaction(cancel.key, invite.key));  // CANCEL is its own transaction
  EXPECT_FALSE(same_server_transaction(other_branch.key, invite.key));
  EXPECT_FALSE(same_server_transaction(other_sender.key, invite.key));  // duplicated branch, other sent-by
  // the branch is a token: compared without case, but the upper-case cookie is not the magic cookie
  EXPECT_FALSE(case_branch.key.rfc3261);

  EXPECT_EQ(transaction_hash(retrans.key), transaction_hash(invite.key));
  EXPECT_EQ(transaction_hash(ack.key), transaction_hash(invite.key));
  EXPECT_NE(transaction_hash(cancel.key), transaction_hash(invite.key));
}

TEST(transaction, rfc2543_fallback) {
  keyed invite(request("INVITE", "1234"));
  keyed retrans(request("INVITE", "1234"));
  keyed ack(request("ACK", "1234", "pc33.atlanta.com", "ACK", "a6c85cf"));
  keyed other_uri(request("INVITE", "1234", "pc33.atlanta.com", "", "", "sip:carol@chicago.com"));
  keyed same_uri_other_case(request("INVITE", "1234", "pc33.atlanta.com", "", "", "sip:bob@BILOXI.com"));
  EXPECT_FALSE(invite.key.rfc3261);
  EXPECT_TRUE(same_server_transaction(retrans.key, invite.key));
  EXPECT_TRUE(same_server_transaction(same_uri_other_case.key, invite.key));  // §19.1.4: host case-insensitive
  EXPECT_FALSE(same_server_transaction(other_uri.key, invite.key));
  // ACK: To tag compared against the response's To tag, CSeq method ignored
  EXPECT_TRUE(same_server_transaction(ack.key, invite.key, "a6c85cf"));
  EXPECT_FALSE(same_server_transaction(ack.key, invite.key, "other"));
  EXPECT_EQ(transaction_hash(ack.key), transaction_hash(invite.key));
}

TEST(transaction, client_matching_of_responses) {
  keyed invite(request("INVITE", "z9hG4bK776asdhds"));
  keyed ok(response(200, "z9hG4bK776asdhds", "INVITE"));
  keyed cancel_ok(response(200, "z9hG4bK776asdhds", "CANCEL"));
  keyed stray(response(200, "z9hG4bKother", "INVITE"));
  EXPECT_TRUE(same_client_transaction(ok.key, invite.key));
  EXPECT_FALSE(same_client_transaction(cancel_ok.key, invite.key));
  EXPECT_FALSE(same_client_transaction(stray.key, invite.key));
}

TEST(transaction, errors_point_into_the_message) {
  message_view m;
  transaction_key k;
  std::string no_via = "OPTIONS sip:x SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n";
  ASSERT_TRUE(parse(no_via, m));
  EXPECT_EQ(transaction_key_of(m, k).code, error_code::missing_header);

  std::string bad_cseq = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 4294967296 OPTIONS\r\n\r\n";
  ASSERT_TRUE(parse(bad_cseq, m));
  result r = transaction_key_of(m, k);
  EXPECT_EQ(r.code, error_code::number_overflow);
  EXPECT_EQ(r.offset, bad_cseq.find("4294967296"));

  std::string bad_via = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h:99999;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\n\r\n";
  ASSERT_TRUE(parse(bad_via, m));
  r = transaction_key_of(m, k);
  EXPECT_EQ(r.code, error_code::bad_port);
  EXPECT_GE(r.offset, bad_via.find("h:99999"));
  EXPECT_LE(r.offset, bad_via.find("99999"));
}

TEST(transaction, dialog_ids_by_role) {
  std::string ok = response(200, "z9hG4bK776asdhds", "INVITE");
  message_view m;
  ASSERT_TRUE(parse(ok, m));
  dialog_id uac, uas;
  ASSERT_TRUE(dialog_id_of(m, dialog_role::uac, uac));
  ASSERT_TRUE(dialog_id_of(m, dialog_role::uas, uas));
  EXPECT_EQ(uac.call_id, "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(uac.local_tag, "1928301774");
  EXPECT_EQ(uac.remote_tag, "a6c85cf");
  EXPECT_EQ(uas.local_tag, "a6c85cf");
  EXPECT_EQ(uas.remote_tag, "1928301774");
  EXPECT_FALSE(same_dialog(uac, uas));
  dialog_id again = uac;
  again.local_tag = "1928301774";
  EXPECT_TRUE(same_dialog(uac, again));
  again.call_id = "A84B4C76E66710@pc33.atlanta.com";  // Call-IDs are case-sensitive
  EXPECT_FALSE(same_dialog(uac, again));

  std::string no_to = "BYE sip:x SIP/2.0\r\nCall-ID: 1\r\nFrom: <sip:a@b>;tag=1\r\n\r\n";
  ASSERT_TRUE(parse(no_to, m));
  EXPECT_EQ(dialog_id_of(m, dialog_role::uac, uac).code, error_code::missing_header);
}
