<?php
// A backend's click-to-call with mysqli (docs/CALLS.md "SIP calls"): INSERT INTO calls, SELECT the row, send DTMF,
// a bad UPDATE (unhold a call that is not held), hang up with DELETE.
// Usage: php mysqli_sip_calls.php <port> <password> <user id> <dial>
// Prints {"insert":n,"rows":[...],"dtmf":n,"unhold_error":{"errno":..,"error":".."},"delete":n} as JSON.
mysqli_report(MYSQLI_REPORT_OFF);
[, $port, $password, $userId, $dial] = $argv;

$mysqli = new mysqli("127.0.0.1", "root", $password, "CometQL_v1", (int)$port);
$out = [];
$user = (int)$userId;
$mysqli->query("INSERT INTO calls (user_id, dial, call_type) VALUES ($user, '"
    . $mysqli->real_escape_string($dial) . "', 2)") or die(json_encode(["insert_error" => $mysqli->error]));
$out["insert"] = $mysqli->affected_rows;
$result = $mysqli->query("SELECT session_id, state, kind, dial FROM calls WHERE user_id = $user");
$out["rows"] = $result->fetch_all(MYSQLI_ASSOC);
$session = $mysqli->real_escape_string($out["rows"][0]["session_id"]);
$mysqli->query("UPDATE calls SET dtmf = '5' WHERE session_id = '$session'");
$out["dtmf"] = $mysqli->affected_rows;
if (!$mysqli->query("UPDATE calls SET hold = 0 WHERE session_id = '$session'")) {
    $out["unhold_error"] = ["errno" => $mysqli->errno, "error" => $mysqli->error];
}
$mysqli->query("DELETE FROM calls WHERE session_id = '$session'");
$out["delete"] = $mysqli->affected_rows;
$mysqli->close();
echo json_encode($out), "\n";
