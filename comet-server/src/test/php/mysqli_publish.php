<?php
// Publishes a JSON text to a channel the way CppComet's PHP examples do (mysqli_query + mysqli_real_escape_string),
// then reads the channel's history back. Usage: php mysqli_publish.php <port> <password> <channel> <json>
// Prints {"history":[<message>...]} as JSON; any mysqli failure throws (exit code 255).
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
[, $port, $password, $channel, $json] = $argv;

$link = mysqli_connect("127.0.0.1", "root", $password, "CometQL_v1", (int)$port);
mysqli_query($link, "INSERT INTO pipes_settings (name, length) VALUES ('$channel', 10)");
$message = mysqli_real_escape_string($link, $json);
mysqli_query($link, "INSERT INTO pipes_messages (name, event, message) VALUES ('$channel', 'json', '$message')");

$history = [];
$result = mysqli_query($link, "SELECT message FROM pipes_messages WHERE name = '$channel'");
while ($row = mysqli_fetch_assoc($result)) {
    $history[] = $row['message'];
}
mysqli_close($link);
echo json_encode(["history" => $history]), "\n";
