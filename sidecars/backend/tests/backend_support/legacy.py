"""The tables of an existing Meeting Assistant deployment, as its server created them (3-byte
`utf8`, a TEXT transcript, no schema table), with a few rows, for the adoption test."""

LEGACY_DDL = (
    """CREATE TABLE meeting_users (
        id INT AUTO_INCREMENT PRIMARY KEY,
        email VARCHAR(255) NOT NULL UNIQUE,
        display_name VARCHAR(255),
        role VARCHAR(16) NOT NULL DEFAULT 'user',
        created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
        updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE meeting_records (
        id INT AUTO_INCREMENT PRIMARY KEY,
        uuid CHAR(36) NOT NULL UNIQUE,
        meeting_number VARCHAR(32) NOT NULL UNIQUE,
        subject VARCHAR(255) NOT NULL,
        meeting_time DATETIME NOT NULL,
        location VARCHAR(255),
        chairperson VARCHAR(255),
        recorder VARCHAR(255),
        attendees TEXT,
        transcript TEXT,
        created_by VARCHAR(255),
        created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
        updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE meeting_conclusions (
        id INT AUTO_INCREMENT PRIMARY KEY,
        meeting_id INT NOT NULL,
        code VARCHAR(32),
        content TEXT NOT NULL,
        FOREIGN KEY (meeting_id) REFERENCES meeting_records(id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE meeting_action_items (
        id INT AUTO_INCREMENT PRIMARY KEY,
        meeting_id INT NOT NULL,
        code VARCHAR(32),
        content TEXT NOT NULL,
        owner VARCHAR(255),
        due_date DATE,
        status VARCHAR(20) NOT NULL DEFAULT 'Open',
        FOREIGN KEY (meeting_id) REFERENCES meeting_records(id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
)

LEGACY_ROWS = (
    "INSERT INTO meeting_users (email, display_name, role) VALUES "
    "('alice@example.com', 'Alice', 'user')",
    "INSERT INTO meeting_records (uuid, meeting_number, subject, meeting_time, recorder, "
    "attendees, transcript, created_by) VALUES "
    "('11111111-1111-4111-8111-111111111111', 'M-20250301-01', 'Old one', '2025-03-01 01:00:00', "
    "'Bob', 'Alice Chen <alice@example.com>', 'old transcript', 'bob@example.com'), "
    "('22222222-2222-4222-8222-222222222222', 'M-20250301-07', 'Old two', '2025-03-01 02:00:00', "
    "'bob@example.com', 'Dave', NULL, 'bob@example.com')",
    "INSERT INTO meeting_conclusions (meeting_id, code, content) VALUES "
    "(1, 'C-20250301-01', 'Old conclusion'), (1, 'C-20250301-12', 'Another')",
    "INSERT INTO meeting_action_items (meeting_id, code, content, owner, due_date, status) "
    "VALUES (1, 'A-20250301-03', 'Old action', 'Bob', '2025-03-09', 'Done')",
)
