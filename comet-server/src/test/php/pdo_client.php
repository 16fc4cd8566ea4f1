<?php
// PDO (pdo_mysql) with real server-side prepares or emulated ones: insert, select, and an error code.
// Usage: php pdo_client.php <port> <password> <emulate 0|1> <first user id>
// Prints {"rows":[...],"history":[...],"error":<driver error code of a bad statement>} as JSON.
[, $port, $password, $emulate, $firstId] = $argv;

$pdo = new PDO("mysql:host=127.0.0.1;port=$port;dbname=CometQL_v1", "root", $password, [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::ATTR_EMULATE_PREPARES => $emulate === "1",
]);

$insert = $pdo->prepare("INSERT INTO users_auth (id, hash) VALUES (?, ?)");
for ($i = 0; $i < 3; $i++) {
    $insert->execute([(int)$firstId + $i, "pdo_key_$i"]);
}
$select = $pdo->prepare("SELECT id, hash FROM users_auth WHERE id IN (?, ?, ?)");
$select->execute([(int)$firstId, (int)$firstId + 1, (int)$firstId + 2]);
$rows = $select->fetchAll(PDO::FETCH_ASSOC);

$channel = "pdo_channel_$emulate";
$pdo->exec("INSERT INTO pipes_settings (name, length) VALUES ('$channel', 10)");
$publish = $pdo->prepare("INSERT INTO pipes_messages (name, event, message) VALUES (:name, :event, :message)");
$publish->execute([":name" => $channel, ":event" => "ev", ":message" => "it's \"quoted\" \\ text"]);
$history = $pdo->query("SELECT message FROM pipes_messages WHERE name = " . $pdo->quote($channel))
    ->fetchAll(PDO::FETCH_COLUMN);

$error = null;
try {
    $pdo->query("SELECT * FROM nosuch WHERE id = 1");
} catch (PDOException $e) {
    $error = $e->errorInfo[1];
}
echo json_encode(["rows" => $rows, "history" => $history, "error" => $error]), "\n";
