<?php
// mysqli prepared statements (COM_STMT_PREPARE/EXECUTE, binary protocol): bind_param insert, then select.
// Usage: php mysqli_prepared.php <port> <password> <first user id>
// Prints {"rows":[{"id":..,"hash":..}...]} as JSON; any mysqli failure throws (exit code 255).
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
[, $port, $password, $firstId] = $argv;

$mysqli = new mysqli("127.0.0.1", "root", $password, "CometQL_v1", (int)$port);
$insert = $mysqli->prepare("INSERT INTO users_auth (id, hash) VALUES (?, ?)");
$id = 0;
$hash = "";
$insert->bind_param("is", $id, $hash);
for ($i = 0; $i < 3; $i++) {
    $id = (int)$firstId + $i;
    $hash = "php_key_$i";
    $insert->execute();
}
$insert->close();

$select = $mysqli->prepare("SELECT id, hash FROM users_auth WHERE id = ?");
$rows = [];
for ($i = 0; $i < 3; $i++) {
    $id = (int)$firstId + $i;
    $select->bind_param("i", $id);
    $select->execute();
    $result = $select->get_result();
    while ($row = $result->fetch_assoc()) {
        $rows[] = $row;
    }
}
$select->close();
$mysqli->close();
echo json_encode(["rows" => $rows]), "\n";
