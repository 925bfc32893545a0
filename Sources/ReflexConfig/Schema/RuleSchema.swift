/// The JSON Schema (draft 2020-12) of the rule file format, printed by `reflex schema` for editors.
///
/// yaml-language-server (VS Code's YAML extension) uses it to complete, explain and check rule files. It keeps to
/// keywords that draft-07 validators understand as well (`$defs` is reached by JSON pointer, no `unevaluated*`),
/// and adds `patternErrorMessage`, which those editors show instead of a bare regular expression.
///
/// The schema describes one file: only `reflex` is required, so each file of a rule set directory may hold any of
/// the sections. It checks shapes, keys and scalar forms; names, types of expressions and cross-references are
/// left to `reflex check`. Values are as a YAML 1.2 (core schema) reader sees them: `on`/`off` are strings, so
/// wherever the format takes a bool the schema accepts `true`/`false` and `on`/`off`.
///
/// `scripts/validate-schema.py` checks files against it the same way; keep the fixtures under
/// `Tests/ReflexConfigTests/Fixtures/schema/` in step when the format changes.
public enum RuleSchema {
    /// The schema as pretty-printed JSON (2-space indent, fixed key order).
    public static let json: String = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "urn:reflex-rules-v1",
      "title": "Reflex rule file",
      "description": "A Reflex rule file (format version 1); a rule set is one file or a directory of them.",
      "type": "object",
      "properties": {
        "reflex": {
          "description": "The format version; required.",
          "type": "integer",
          "const": 1
        },
        "site": {
          "description": "The site's name (default: the file or folder name).",
          "type": "string",
          "pattern": "^[a-z0-9_-]+$",
          "maxLength": 64,
          "patternErrorMessage": "a site name uses lowercase letters, digits, '_' and '-'"
        },
        "timezone": {
          "description": "The time zone rules are evaluated in, such as Europe/Berlin (default: the system's local zone).",
          "type": "string",
          "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$",
          "patternErrorMessage": "expected a time zone name such as Europe/Berlin or UTC",
          "examples": [
            "Europe/Berlin",
            "UTC"
          ]
        },
        "mqtt": {
          "$ref": "#/$defs/mqttSettings",
          "description": "The MQTT connection; defaults apply where it is left out."
        },
        "inputs": {
          "description": "Inputs: signals read from GPIO lines and MQTT topics.",
          "type": [
            "object",
            "null"
          ],
          "propertyNames": {
            "$ref": "#/$defs/signalName"
          },
          "additionalProperties": {
            "$ref": "#/$defs/input",
            "description": "An input: gpio: { chip, line } or mqtt: TOPIC."
          }
        },
        "outputs": {
          "description": "Outputs: signals driven to GPIO lines or published to MQTT topics.",
          "type": [
            "object",
            "null"
          ],
          "propertyNames": {
            "$ref": "#/$defs/signalName"
          },
          "additionalProperties": {
            "$ref": "#/$defs/output",
            "description": "An output: gpio: { chip, line } or mqtt: TOPIC."
          }
        },
        "state": {
          "description": "Internal signals, written by actions, kept across restarts.",
          "type": [
            "object",
            "null"
          ],
          "propertyNames": {
            "$ref": "#/$defs/signalName"
          },
          "additionalProperties": {
            "$ref": "#/$defs/state",
            "description": "A state signal: { type, initial }."
          }
        },
        "vars": {
          "description": "Derived signals, recomputed when what they read changes: NAME: EXPR.",
          "type": [
            "object",
            "null"
          ],
          "propertyNames": {
            "$ref": "#/$defs/signalName"
          },
          "additionalProperties": {
            "$ref": "#/$defs/expression",
            "description": "The expression that defines this var."
          }
        },
        "notifiers": {
          "description": "Notifiers: where notify actions send notifications.",
          "type": [
            "object",
            "null"
          ],
          "propertyNames": {
            "$ref": "#/$defs/signalName"
          },
          "additionalProperties": {
            "$ref": "#/$defs/notifier",
            "description": "A notifier: mqtt: TOPIC or http: URL."
          }
        },
        "rules": {
          "description": "The rules: level rules (when) and event rules (on).",
          "type": [
            "array",
            "null"
          ],
          "items": {
            "$ref": "#/$defs/rule"
          }
        }
      },
      "required": [
        "reflex"
      ],
      "additionalProperties": false,
      "$defs": {
        "signalName": {
          "description": "A signal or notifier name: lowercase letters, digits and '_', starting with a letter.",
          "type": "string",
          "pattern": "^[a-z][a-z0-9_]*$",
          "maxLength": 64,
          "patternErrorMessage": "a name uses lowercase letters, digits and '_', starting with a letter"
        },
        "ruleName": {
          "description": "A rule name, unique in the rule set: lowercase letters, digits, '_' and '-'.",
          "type": "string",
          "pattern": "^[a-z0-9_-]+$",
          "maxLength": 64,
          "patternErrorMessage": "a rule name uses lowercase letters, digits, '_' and '-'"
        },
        "duration": {
          "description": "A duration: one or more <integer><unit> parts in descending unit order (d h m s ms), such as 250ms, 5s, 1m30s, 1d.",
          "type": "string",
          "pattern": "^(?:[0-9]+d(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|[0-9]+h(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|[0-9]+m(?:[0-9]+s)?(?:[0-9]+ms)?|[0-9]+s(?:[0-9]+ms)?|[0-9]+ms)$",
          "patternErrorMessage": "expected a duration: one or more <integer><unit> parts from larger to smaller units (d h m s ms), such as 500ms, 30s, 1m30s or 1d",
          "examples": [
            "500ms",
            "30s",
            "5m",
            "1h30m",
            "1d"
          ]
        },
        "positiveDuration": {
          "description": "A duration longer than zero, such as 20ms, 30s, 5m or 1h30m.",
          "type": "string",
          "pattern": "^(?:[0-9]*[1-9][0-9]*d(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?[0-9]*[1-9][0-9]*h(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?[0-9]*[1-9][0-9]*m(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?(?:0+m)?[0-9]*[1-9][0-9]*s(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?(?:0+m)?(?:0+s)?[0-9]*[1-9][0-9]*ms)$",
          "patternErrorMessage": "expected a duration longer than 0s: one or more <integer><unit> parts from larger to smaller units (d h m s ms), such as 20ms, 30s, 1m30s or 1d",
          "examples": [
            "20ms",
            "30s",
            "5m",
            "1h"
          ]
        },
        "bool": {
          "description": "A bool: true or false; on and off are the same values.",
          "anyOf": [
            {
              "type": "boolean"
            },
            {
              "type": "string",
              "enum": [
                "on",
                "off"
              ]
            },
            {
              "type": "string",
              "enum": [
                "On",
                "Off",
                "ON",
                "OFF"
              ]
            }
          ]
        },
        "expression": {
          "description": "An expression over signals, such as 'temp_avg > 30' or 'night and armed'; a plain true, on or 30 is an expression too.",
          "type": [
            "string",
            "number",
            "boolean"
          ],
          "minLength": 1
        },
        "template": {
          "description": "Text with {{ EXPR }} parts, such as 'Greenhouse hot: {{ round(temp_avg, 1) }}'.",
          "type": [
            "string",
            "number",
            "boolean"
          ]
        },
        "value": {
          "description": "A value of the signal's type: a bool (true, false, on, off), a number or a string.",
          "type": [
            "string",
            "number",
            "boolean"
          ]
        },
        "setting": {
          "description": "A setting; ${NAME} is replaced by the environment variable NAME.",
          "type": [
            "string",
            "number"
          ],
          "minLength": 1
        },
        "path": {
          "description": "A file path; ${NAME} is replaced by the environment variable NAME.",
          "type": "string",
          "minLength": 1
        },
        "signalType": {
          "description": "The signal's type: bool, number or string (defaults to the type of initial).",
          "type": "string",
          "enum": [
            "bool",
            "number",
            "string"
          ]
        },
        "qos": {
          "description": "MQTT quality of service: 0 (at most once) or 1 (at least once).",
          "type": "integer",
          "enum": [
            0,
            1
          ]
        },
        "topic": {
          "description": "An MQTT topic to publish to (no + or # wildcards).",
          "type": "string",
          "pattern": "^[^+#]+$",
          "patternErrorMessage": "a topic to publish to cannot hold the wildcards '+' or '#'"
        },
        "topicFilter": {
          "description": "An MQTT topic or filter: '+' matches one level, a final '#' any number of levels.",
          "type": "string",
          "minLength": 1,
          "pattern": "^(?:#|(?:\\+|[^+#/]*)(?:/(?:\\+|[^+#/]*))*(?:/#)?)$",
          "patternErrorMessage": "'+' must stand alone between '/' and '#' must be the last level of a topic filter (a/+/c, a/b/#)"
        },
        "gpioLine": {
          "description": "A GPIO line: a chip (name, path or number) and a line offset on it.",
          "type": "object",
          "properties": {
            "chip": {
              "description": "The GPIO chip: a name such as gpiochip0, a path such as /dev/gpiochip0, or its number.",
              "anyOf": [
                {
                  "type": "string",
                  "minLength": 1
                },
                {
                  "type": "integer",
                  "minimum": 0
                }
              ]
            },
            "line": {
              "description": "The line offset on the chip.",
              "type": "integer",
              "minimum": 0,
              "maximum": 511
            }
          },
          "required": [
            "chip",
            "line"
          ],
          "additionalProperties": false
        },
        "debounce": {
          "description": "Settle debounce (a new level counts once stable this long) or { leading: DURATION } (the first edge counts at once, then changes are ignored this long).",
          "anyOf": [
            {
              "$ref": "#/$defs/positiveDuration"
            },
            {
              "type": "object",
              "properties": {
                "leading": {
                  "$ref": "#/$defs/positiveDuration",
                  "description": "The first edge counts at once, then the line is ignored this long; a line that then differs counts as an edge at once."
                }
              },
              "required": [
                "leading"
              ],
              "additionalProperties": false
            }
          ]
        },
        "typedValues": {
          "description": "initial and safe values fit the declared type.",
          "allOf": [
            {
              "if": {
                "properties": {
                  "type": {
                    "const": "bool"
                  }
                },
                "required": [
                  "type"
                ]
              },
              "then": {
                "properties": {
                  "initial": {
                    "$ref": "#/$defs/bool"
                  },
                  "safe": {
                    "$ref": "#/$defs/bool"
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "type": {
                    "const": "number"
                  }
                },
                "required": [
                  "type"
                ]
              },
              "then": {
                "properties": {
                  "initial": {
                    "type": "number"
                  },
                  "safe": {
                    "type": "number"
                  }
                }
              }
            }
          ]
        },
        "typeOrInitial": {
          "description": "The type is given, or follows from initial.",
          "anyOf": [
            {
              "required": [
                "type"
              ]
            },
            {
              "required": [
                "initial"
              ]
            }
          ]
        },
        "mqttSettings": {
          "description": "The MQTT connection; defaults apply where it is left out.",
          "type": "object",
          "properties": {
            "broker": {
              "description": "The broker: mqtt://host:port, or mqtts://host:port for TLS (default mqtt://127.0.0.1:1883).",
              "type": "string",
              "pattern": "^mqtts?://(?:\\[[0-9A-Fa-f:.]+\\]|[^\\s/:@?\\[\\]]+)(?::[0-9]{1,5})?/?$",
              "patternErrorMessage": "expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]",
              "examples": [
                "mqtt://127.0.0.1:1883",
                "mqtts://broker.example.com:8883"
              ]
            },
            "client_id": {
              "$ref": "#/$defs/setting",
              "description": "The MQTT client id (default: reflex-<site>)."
            },
            "username": {
              "$ref": "#/$defs/setting",
              "description": "The user name; ${VAR} reads the environment (missing: run refuses, check warns)."
            },
            "password": {
              "$ref": "#/$defs/setting",
              "description": "The password; prefer ${VAR} or password_file."
            },
            "password_file": {
              "$ref": "#/$defs/path",
              "description": "A file holding the password."
            },
            "tls": {
              "description": "TLS files and verification for an mqtts:// broker.",
              "type": "object",
              "properties": {
                "ca": {
                  "$ref": "#/$defs/path",
                  "description": "The CA certificate that signs the broker's certificate."
                },
                "cert": {
                  "$ref": "#/$defs/path",
                  "description": "The client certificate (needs key)."
                },
                "key": {
                  "$ref": "#/$defs/path",
                  "description": "The client certificate's private key (needs cert)."
                },
                "verify": {
                  "$ref": "#/$defs/bool",
                  "description": "Verify the broker's certificate (default true)."
                }
              },
              "additionalProperties": false,
              "allOf": [
                {
                  "if": {
                    "required": [
                      "cert"
                    ]
                  },
                  "then": {
                    "required": [
                      "key"
                    ]
                  }
                },
                {
                  "if": {
                    "required": [
                      "key"
                    ]
                  },
                  "then": {
                    "required": [
                      "cert"
                    ]
                  }
                }
              ]
            },
            "keepalive": {
              "$ref": "#/$defs/positiveDuration",
              "description": "The MQTT keepalive interval, such as 30s."
            },
            "status_topic": {
              "$ref": "#/$defs/topic",
              "description": "A retained online/offline status topic (the will)."
            }
          },
          "additionalProperties": false,
          "if": {
            "required": [
              "password"
            ]
          },
          "then": {
            "properties": {
              "password_file": {
                "not": {}
              }
            }
          }
        },
        "gpioInput": {
          "title": "GPIO input",
          "description": "An input read from a GPIO line (a bool).",
          "type": "object",
          "properties": {
            "gpio": {
              "$ref": "#/$defs/gpioLine",
              "description": "The GPIO line to read: { chip: gpiochip0, line: 17 }."
            },
            "active_low": {
              "$ref": "#/$defs/bool",
              "description": "The line is active when low: a low level reads as true."
            },
            "bias": {
              "description": "The line's bias: as-is, disabled, pull-up or pull-down.",
              "type": "string",
              "enum": [
                "as-is",
                "disabled",
                "pull-up",
                "pull-down"
              ]
            },
            "debounce": {
              "$ref": "#/$defs/debounce",
              "description": "Debounce: a new level counts once stable this long; { leading: 20ms }: the first edge counts at once."
            },
            "type": {
              "description": "A gpio input is bool.",
              "type": "string",
              "const": "bool"
            },
            "stale": {
              "$ref": "#/$defs/positiveDuration",
              "description": "No update for this long makes NAME.stale true."
            },
            "initial": {
              "$ref": "#/$defs/bool",
              "description": "The value at start, before the line is first read."
            }
          },
          "required": [
            "gpio"
          ],
          "additionalProperties": false
        },
        "mqttInput": {
          "title": "MQTT input",
          "description": "An input updated by messages on an MQTT topic.",
          "type": "object",
          "properties": {
            "mqtt": {
              "$ref": "#/$defs/topicFilter",
              "description": "The topic or filter (+, #) to subscribe to."
            },
            "json": {
              "description": "A path into a JSON payload, such as $.celsius or $.a.b[0].",
              "type": "string",
              "pattern": "^\\$(?:\\.[A-Za-z0-9_-]+|\\[[0-9]+\\]|\\['[^']*'\\]|\\[\"[^\"]*\"\\])*$",
              "patternErrorMessage": "expected a JSON path such as $.celsius, $.a.b[0] or $['key with space']",
              "examples": [
                "$.celsius"
              ]
            },
            "type": {
              "$ref": "#/$defs/signalType",
              "description": "The input's type: bool, number or string (defaults to the type of initial)."
            },
            "stale": {
              "$ref": "#/$defs/positiveDuration",
              "description": "No update for this long makes NAME.stale true."
            },
            "initial": {
              "$ref": "#/$defs/value",
              "description": "The value at start, before the first update."
            }
          },
          "required": [
            "mqtt"
          ],
          "additionalProperties": false,
          "allOf": [
            {
              "$ref": "#/$defs/typeOrInitial"
            },
            {
              "$ref": "#/$defs/typedValues"
            }
          ]
        },
        "input": {
          "description": "An input: a signal read from a GPIO line or an MQTT topic.",
          "oneOf": [
            {
              "$ref": "#/$defs/gpioInput"
            },
            {
              "$ref": "#/$defs/mqttInput"
            }
          ]
        },
        "gpioOutput": {
          "title": "GPIO output",
          "description": "An output driving a GPIO line (a bool).",
          "type": "object",
          "properties": {
            "gpio": {
              "$ref": "#/$defs/gpioLine",
              "description": "The GPIO line to drive: { chip: gpiochip0, line: 27 }."
            },
            "active_low": {
              "$ref": "#/$defs/bool",
              "description": "The line is active when low: true drives it low."
            },
            "type": {
              "description": "A gpio output is bool.",
              "type": "string",
              "const": "bool"
            },
            "initial": {
              "$ref": "#/$defs/bool",
              "description": "The value at start, used while no rule holds or writes the output."
            },
            "safe": {
              "$ref": "#/$defs/bool",
              "description": "The value applied on shutdown and on fatal error."
            },
            "min_interval": {
              "$ref": "#/$defs/positiveDuration",
              "description": "Anti-chatter: never change faster than this; the latest value wins when the interval ends."
            }
          },
          "required": [
            "gpio"
          ],
          "additionalProperties": false
        },
        "mqttOutput": {
          "title": "MQTT output",
          "description": "An output published to an MQTT topic.",
          "type": "object",
          "properties": {
            "mqtt": {
              "$ref": "#/$defs/topic",
              "description": "The topic to publish the value to."
            },
            "type": {
              "$ref": "#/$defs/signalType",
              "description": "The output's type: bool, number or string (defaults to the type of initial)."
            },
            "initial": {
              "$ref": "#/$defs/value",
              "description": "The value at start, used while no rule holds or writes the output."
            },
            "safe": {
              "$ref": "#/$defs/value",
              "description": "The value applied on shutdown and on fatal error."
            },
            "min_interval": {
              "$ref": "#/$defs/positiveDuration",
              "description": "Anti-chatter: never change faster than this; the latest value wins when the interval ends."
            },
            "retain": {
              "$ref": "#/$defs/bool",
              "description": "Publish retained messages."
            },
            "qos": {
              "$ref": "#/$defs/qos",
              "description": "MQTT quality of service: 0 or 1."
            },
            "payload": {
              "$ref": "#/$defs/template",
              "description": "A template for the payload with value in scope; default: the value as text (a bool as on/off)."
            }
          },
          "required": [
            "mqtt"
          ],
          "additionalProperties": false,
          "allOf": [
            {
              "$ref": "#/$defs/typeOrInitial"
            },
            {
              "$ref": "#/$defs/typedValues"
            }
          ]
        },
        "output": {
          "description": "An output: a signal driven to a GPIO line or published to an MQTT topic.",
          "oneOf": [
            {
              "$ref": "#/$defs/gpioOutput"
            },
            {
              "$ref": "#/$defs/mqttOutput"
            }
          ]
        },
        "state": {
          "description": "An internal signal, written by actions and kept across restarts.",
          "type": "object",
          "properties": {
            "type": {
              "$ref": "#/$defs/signalType",
              "description": "The state's type: bool, number or string (defaults to the type of initial)."
            },
            "initial": {
              "$ref": "#/$defs/value",
              "description": "The value before any action writes it."
            }
          },
          "additionalProperties": false,
          "allOf": [
            {
              "$ref": "#/$defs/typeOrInitial"
            },
            {
              "$ref": "#/$defs/typedValues"
            }
          ]
        },
        "mqttNotifier": {
          "title": "MQTT notifier",
          "description": "A notifier that publishes each notification as a JSON object.",
          "type": "object",
          "properties": {
            "mqtt": {
              "$ref": "#/$defs/topic",
              "description": "The topic notifications are published to."
            },
            "qos": {
              "$ref": "#/$defs/qos",
              "description": "MQTT quality of service: 0 or 1."
            },
            "retain": {
              "$ref": "#/$defs/bool",
              "description": "Publish retained messages."
            }
          },
          "required": [
            "mqtt"
          ],
          "additionalProperties": false
        },
        "httpNotifier": {
          "title": "HTTP notifier",
          "description": "A notifier that sends each notification as a JSON body with an Idempotency-Key header.",
          "type": "object",
          "properties": {
            "http": {
              "description": "The URL to send notifications to; ${VAR} reads the environment.",
              "type": "string",
              "pattern": "^(?:https?://\\S+|\\$\\{.*)$",
              "patternErrorMessage": "expected an http:// or https:// URL"
            },
            "method": {
              "description": "The HTTP method: POST (default) or PUT.",
              "type": "string",
              "enum": [
                "POST",
                "PUT"
              ]
            },
            "headers": {
              "description": "Extra request headers; ${VAR} in a value reads the environment.",
              "type": "object",
              "propertyNames": {
                "pattern": "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"
              },
              "additionalProperties": {
                "$ref": "#/$defs/setting",
                "description": "A header value; ${VAR} reads the environment."
              }
            },
            "timeout": {
              "$ref": "#/$defs/positiveDuration",
              "description": "How long to wait for the server before the attempt counts as failed."
            }
          },
          "required": [
            "http"
          ],
          "additionalProperties": false
        },
        "notifier": {
          "description": "A notifier: where notify actions send notifications (MQTT or HTTP).",
          "oneOf": [
            {
              "$ref": "#/$defs/mqttNotifier"
            },
            {
              "$ref": "#/$defs/httpNotifier"
            }
          ]
        },
        "trigger": {
          "description": "A trigger: SIGNAL.change, SIGNAL.rise, SIGNAL.fall, SIGNAL.update, every DURATION, at HH:MM (daily, local time) or startup.",
          "type": "string",
          "pattern": "^(?:[a-z][a-z0-9_]*\\.(?:change|rise|fall|update)|every +(?:[0-9]*[1-9][0-9]*d(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?[0-9]*[1-9][0-9]*h(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?[0-9]*[1-9][0-9]*m(?:[0-9]+s)?(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?(?:0+m)?[0-9]*[1-9][0-9]*s(?:[0-9]+ms)?|(?:0+d)?(?:0+h)?(?:0+m)?(?:0+s)?[0-9]*[1-9][0-9]*ms)|at +(?:[01][0-9]|2[0-3]):[0-5][0-9]|startup)$",
          "patternErrorMessage": "expected a trigger: SIGNAL.change, SIGNAL.rise, SIGNAL.fall, SIGNAL.update, every DURATION, at HH:MM or startup",
          "examples": [
            "startup",
            "door.rise",
            "every 5m",
            "at 07:30"
          ]
        },
        "actions": {
          "description": "A list of actions, run in order; a delay runs the rest later.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/action"
          }
        },
        "levelRule": {
          "title": "Level rule",
          "description": "A level rule: active while 'when' holds (for 'for'), until released; holds outputs while active.",
          "type": "object",
          "properties": {
            "name": {
              "$ref": "#/$defs/ruleName",
              "description": "The rule's name, unique in the rule set: lowercase letters, digits, '_' and '-'."
            },
            "when": {
              "$ref": "#/$defs/expression",
              "description": "Level rule: active while this bool expression holds..."
            },
            "for": {
              "$ref": "#/$defs/duration",
              "description": "...continuously for this long."
            },
            "until": {
              "$ref": "#/$defs/expression",
              "description": "Release condition (hysteresis); default: not when."
            },
            "hold": {
              "description": "Claims on outputs, held while the rule is active and released after: { OUTPUT: EXPR }.",
              "type": "object",
              "propertyNames": {
                "$ref": "#/$defs/signalName"
              },
              "additionalProperties": {
                "$ref": "#/$defs/expression",
                "description": "The value held on this output, kept up to date while the rule is active."
              },
              "minProperties": 1
            },
            "priority": {
              "description": "The priority of this rule's holds (default 0); the highest active hold on an output wins.",
              "type": "integer",
              "minimum": -1000,
              "maximum": 1000
            },
            "then": {
              "$ref": "#/$defs/actions",
              "description": "Actions run once on activation."
            },
            "else": {
              "$ref": "#/$defs/actions",
              "description": "Actions run once on release."
            }
          },
          "required": [
            "name",
            "when"
          ],
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "hold"
              ]
            },
            {
              "required": [
                "then"
              ]
            },
            {
              "required": [
                "else"
              ]
            }
          ]
        },
        "eventRule": {
          "title": "Event rule",
          "description": "An event rule: runs its actions on each trigger, when the guard holds.",
          "type": "object",
          "properties": {
            "name": {
              "$ref": "#/$defs/ruleName",
              "description": "The rule's name, unique in the rule set: lowercase letters, digits, '_' and '-'."
            },
            "on": {
              "description": "Event rule: runs on each trigger (one, or a list of them).",
              "anyOf": [
                {
                  "$ref": "#/$defs/trigger"
                },
                {
                  "type": "array",
                  "items": {
                    "$ref": "#/$defs/trigger"
                  },
                  "minItems": 1
                }
              ]
            },
            "if": {
              "$ref": "#/$defs/expression",
              "description": "Guard: then runs when this holds as the trigger fires, else when it does not."
            },
            "mode": {
              "description": "What a trigger does while a run is pending: single (default) drops it, restart starts over, queue runs it after.",
              "type": "string",
              "enum": [
                "single",
                "restart",
                "queue"
              ]
            },
            "then": {
              "$ref": "#/$defs/actions",
              "description": "Actions run on each trigger when the guard holds."
            },
            "else": {
              "$ref": "#/$defs/actions",
              "description": "Actions run on each trigger when the guard does not hold."
            }
          },
          "required": [
            "name",
            "on"
          ],
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "then"
              ]
            },
            {
              "required": [
                "else"
              ]
            }
          ]
        },
        "rule": {
          "description": "A rule: a level rule (when) or an event rule (on).",
          "oneOf": [
            {
              "$ref": "#/$defs/levelRule"
            },
            {
              "$ref": "#/$defs/eventRule"
            }
          ]
        },
        "setAction": {
          "title": "set",
          "description": "Writes values to outputs and state.",
          "type": "object",
          "properties": {
            "set": {
              "description": "Writes values to outputs and state: { SIGNAL: EXPR, ... }, evaluated when the action runs.",
              "type": "object",
              "propertyNames": {
                "$ref": "#/$defs/signalName"
              },
              "additionalProperties": {
                "$ref": "#/$defs/expression",
                "description": "The value to write, evaluated when the action runs."
              },
              "minProperties": 1
            }
          },
          "required": [
            "set"
          ],
          "additionalProperties": false
        },
        "toggleAction": {
          "title": "toggle",
          "description": "Flips a bool output or state.",
          "type": "object",
          "properties": {
            "toggle": {
              "$ref": "#/$defs/signalName",
              "description": "The bool output or state to flip."
            }
          },
          "required": [
            "toggle"
          ],
          "additionalProperties": false
        },
        "pulseAction": {
          "title": "pulse",
          "description": "Sets an output, then restores it after a while.",
          "type": "object",
          "properties": {
            "pulse": {
              "description": "Sets one output, then restores it: { OUTPUT: EXPR, for: DURATION }.",
              "type": "object",
              "properties": {
                "for": {
                  "$ref": "#/$defs/positiveDuration",
                  "description": "How long before the value is restored."
                }
              },
              "propertyNames": {
                "$ref": "#/$defs/signalName"
              },
              "additionalProperties": {
                "$ref": "#/$defs/expression",
                "description": "The value to write, evaluated when the action runs."
              },
              "required": [
                "for"
              ],
              "minProperties": 2,
              "maxProperties": 2
            }
          },
          "required": [
            "pulse"
          ],
          "additionalProperties": false
        },
        "notifyAction": {
          "title": "notify",
          "description": "Sends a notification through a notifier.",
          "type": "object",
          "properties": {
            "notify": {
              "$ref": "#/$defs/signalName",
              "description": "The notifier to send through."
            },
            "message": {
              "$ref": "#/$defs/template",
              "description": "The notification's message (a template)."
            },
            "fields": {
              "description": "Extra fields of the notification: { NAME: TEMPLATE }.",
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/template",
                "description": "The field's value (a template)."
              }
            }
          },
          "required": [
            "notify",
            "message"
          ],
          "additionalProperties": false
        },
        "publishAction": {
          "title": "publish",
          "description": "Publishes one MQTT message.",
          "type": "object",
          "properties": {
            "publish": {
              "description": "Publishes one MQTT message: { topic, payload, qos, retain }.",
              "type": "object",
              "properties": {
                "topic": {
                  "description": "The topic (a template; no + or # wildcards).",
                  "type": "string",
                  "minLength": 1,
                  "pattern": "^(?:[^+#]*|.*\\{\\{.*)$",
                  "patternErrorMessage": "a topic to publish to cannot hold the wildcards '+' or '#'"
                },
                "payload": {
                  "$ref": "#/$defs/template",
                  "description": "The payload (a template); default: empty."
                },
                "qos": {
                  "$ref": "#/$defs/qos",
                  "description": "MQTT quality of service: 0 or 1."
                },
                "retain": {
                  "$ref": "#/$defs/bool",
                  "description": "Publish a retained message."
                }
              },
              "required": [
                "topic"
              ],
              "additionalProperties": false
            }
          },
          "required": [
            "publish"
          ],
          "additionalProperties": false
        },
        "delayAction": {
          "title": "delay",
          "description": "Waits; the rest of the list runs later.",
          "type": "object",
          "properties": {
            "delay": {
              "$ref": "#/$defs/duration",
              "description": "How long to wait before the rest of the list runs."
            }
          },
          "required": [
            "delay"
          ],
          "additionalProperties": false
        },
        "logAction": {
          "title": "log",
          "description": "Writes a line to the log.",
          "type": "object",
          "properties": {
            "log": {
              "$ref": "#/$defs/template",
              "description": "The log line (a template)."
            }
          },
          "required": [
            "log"
          ],
          "additionalProperties": false
        },
        "ifAction": {
          "title": "if",
          "description": "Runs then or else depending on a condition.",
          "type": "object",
          "properties": {
            "if": {
              "$ref": "#/$defs/expression",
              "description": "The condition, evaluated when the action runs."
            },
            "then": {
              "$ref": "#/$defs/actions",
              "description": "Actions run when the condition holds."
            },
            "else": {
              "$ref": "#/$defs/actions",
              "description": "Actions run when it does not."
            }
          },
          "required": [
            "if",
            "then"
          ],
          "additionalProperties": false
        },
        "action": {
          "description": "An action: set, toggle, pulse, notify, publish, delay, log or if.",
          "oneOf": [
            {
              "$ref": "#/$defs/setAction"
            },
            {
              "$ref": "#/$defs/toggleAction"
            },
            {
              "$ref": "#/$defs/pulseAction"
            },
            {
              "$ref": "#/$defs/notifyAction"
            },
            {
              "$ref": "#/$defs/publishAction"
            },
            {
              "$ref": "#/$defs/delayAction"
            },
            {
              "$ref": "#/$defs/logAction"
            },
            {
              "$ref": "#/$defs/ifAction"
            }
          ]
        }
      }
    }
    """#
}
