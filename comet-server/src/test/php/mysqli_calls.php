<?php
// A backend watching and ending a P2P call through the calls table with mysqli (docs/CALLS.md).
// Usage: php mysqli_calls.php <port> <password> <session id>
// Prints {"rows":[...],"update_error":[code,message],"deleted":N,"after":[...]} as JSON; other mysqli failures throw.
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
[, $port, $password, $session] = $argv;

$link = mysqli_connect("127.0.0.1", "root", $password, "CometQL_v1", (int)$port);
$id = mysqli_real_escape_string($link, $session);
$select = "SELECT session_id, caller_id, user_id, call_type, state, kind, user_info FROM calls "
    . "WHERE session_id = '$id'";

$rows = mysqli_fetch_all(mysqli_query($link, $select), MYSQLI_ASSOC);

$updateError = null;
try {
    mysqli_query($link, "UPDATE calls SET hold = 1 WHERE session_id = '$id'");
} catch (mysqli_sql_exception $e) {
    $updateError = [$e->getCode(), $e->getMessage()];
}

mysqli_query($link, "DELETE FROM calls WHERE session_id = '$id'");
$deleted = mysqli_affected_rows($link);

$after = mysqli_fetch_all(mysqli_query($link, $select), MYSQLI_ASSOC);
mysqli_close($link);
echo json_encode(["rows" => $rows, "update_error" => $updateError, "deleted" => $deleted, "after" => $after]), "\n";
