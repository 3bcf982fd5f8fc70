<?php
/**
 * A persistent object cache on Redis, for the tests only.
 *
 * bin/test.sh (stage php-redis) copies this file to wp-content/object-cache.php of
 * a test instance, so the integration tests run against a cache that outlives the
 * request, as on a production network with Redis or Memcached. It is never shipped.
 *
 * Like the drop-ins people run in production, it keeps a per-request copy of what it
 * read or wrote in front of Redis; wp_cache_flush_runtime() empties that copy, so a
 * test can make the next read come from Redis. Keys are built as core's
 * WP_Object_Cache builds them (prefixed with the blog ID unless the group is global)
 * and stored in Redis as "<salt>:<group>:<key>", values PHP-serialized.
 *
 * Configuration, from the environment:
 * - WPMUS_TEST_REDIS_PORT      port of the Redis server on 127.0.0.1 (default 6398);
 * - WPMUS_TEST_CACHE_KEY_SALT  prefix of every key (default: the database name), so
 *                              runs sharing a server never see each other's keys;
 *                              WP_CACHE_KEY_SALT, when defined, wins.
 *
 * @package WPM_User_Sync
 */

defined( 'ABSPATH' ) || exit;

/**
 * Sets up the object cache global.
 */
function wp_cache_init() {
	$GLOBALS['wp_object_cache'] = new WP_Object_Cache();
}

/**
 * Adds data to the cache if the key is not taken.
 *
 * @param int|string $key    Key.
 * @param mixed      $data   Data.
 * @param string     $group  Group.
 * @param int        $expire Seconds to live; 0 for no expiry.
 */
function wp_cache_add( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->add( $key, $data, $group, (int) $expire );
}

/**
 * Adds several values to the cache, each only if its key is not taken.
 *
 * @param array  $data   Key => data.
 * @param string $group  Group.
 * @param int    $expire Seconds to live; 0 for no expiry.
 * @return bool[] Key => whether it was added.
 */
function wp_cache_add_multiple( array $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->add_multiple( $data, $group, (int) $expire );
}

/**
 * Replaces data in the cache if the key exists.
 *
 * @param int|string $key    Key.
 * @param mixed      $data   Data.
 * @param string     $group  Group.
 * @param int        $expire Seconds to live; 0 for no expiry.
 */
function wp_cache_replace( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->replace( $key, $data, $group, (int) $expire );
}

/**
 * Saves data to the cache.
 *
 * @param int|string $key    Key.
 * @param mixed      $data   Data.
 * @param string     $group  Group.
 * @param int        $expire Seconds to live; 0 for no expiry.
 */
function wp_cache_set( $key, $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->set( $key, $data, $group, (int) $expire );
}

/**
 * Saves several values to the cache.
 *
 * @param array  $data   Key => data.
 * @param string $group  Group.
 * @param int    $expire Seconds to live; 0 for no expiry.
 * @return bool[] Key => whether it was saved.
 */
function wp_cache_set_multiple( array $data, $group = '', $expire = 0 ) {
	return $GLOBALS['wp_object_cache']->set_multiple( $data, $group, (int) $expire );
}

/**
 * Reads data from the cache.
 *
 * @param int|string $key   Key.
 * @param string     $group Group.
 * @param bool       $force Skip the per-request copy and ask Redis.
 * @param bool|null  $found Set to whether the key was found.
 * @return mixed|false
 */
function wp_cache_get( $key, $group = '', $force = false, &$found = null ) {
	return $GLOBALS['wp_object_cache']->get( $key, $group, $force, $found );
}

/**
 * Reads several keys from the cache.
 *
 * @param array  $keys  Keys.
 * @param string $group Group.
 * @param bool   $force Skip the per-request copy and ask Redis.
 * @return array Key => data, or false when not found.
 */
function wp_cache_get_multiple( $keys, $group = '', $force = false ) {
	return $GLOBALS['wp_object_cache']->get_multiple( $keys, $group, $force );
}

/**
 * Removes a key from the cache.
 *
 * @param int|string $key   Key.
 * @param string     $group Group.
 */
function wp_cache_delete( $key, $group = '' ) {
	return $GLOBALS['wp_object_cache']->delete( $key, $group );
}

/**
 * Removes several keys from the cache.
 *
 * @param array  $keys  Keys.
 * @param string $group Group.
 * @return bool[] Key => whether it was there.
 */
function wp_cache_delete_multiple( array $keys, $group = '' ) {
	return $GLOBALS['wp_object_cache']->delete_multiple( $keys, $group );
}

/**
 * Increments a numeric value.
 *
 * @param int|string $key    Key.
 * @param int        $offset Amount.
 * @param string     $group  Group.
 * @return int|false The new value, or false when the key does not exist.
 */
function wp_cache_incr( $key, $offset = 1, $group = '' ) {
	return $GLOBALS['wp_object_cache']->incr( $key, $offset, $group );
}

/**
 * Decrements a numeric value (not below 0).
 *
 * @param int|string $key    Key.
 * @param int        $offset Amount.
 * @param string     $group  Group.
 * @return int|false The new value, or false when the key does not exist.
 */
function wp_cache_decr( $key, $offset = 1, $group = '' ) {
	return $GLOBALS['wp_object_cache']->decr( $key, $offset, $group );
}

/**
 * Removes everything: this cache's keys in Redis and the per-request copy.
 */
function wp_cache_flush() {
	return $GLOBALS['wp_object_cache']->flush();
}

/**
 * Forgets the per-request copy only; Redis keeps its keys.
 */
function wp_cache_flush_runtime() {
	return $GLOBALS['wp_object_cache']->flush_runtime();
}

/**
 * Removes a group, on every blog.
 *
 * @param string $group Group.
 */
function wp_cache_flush_group( $group ) {
	return $GLOBALS['wp_object_cache']->flush_group( $group );
}

/**
 * Whether the cache supports a feature (all optional ones of WordPress 6.1+).
 *
 * @param string $feature Feature name.
 */
function wp_cache_supports( $feature ) {
	return in_array( $feature, array( 'add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple', 'flush_runtime', 'flush_group' ), true );
}

/**
 * Closes the connection to Redis; the next call opens a new one.
 */
function wp_cache_close() {
	return $GLOBALS['wp_object_cache']->close();
}

/**
 * Declares groups shared by every blog.
 *
 * @param string|string[] $groups Groups.
 */
function wp_cache_add_global_groups( $groups ) {
	$GLOBALS['wp_object_cache']->add_global_groups( $groups );
}

/**
 * Declares groups that live in the per-request copy only.
 *
 * @param string|string[] $groups Groups.
 */
function wp_cache_add_non_persistent_groups( $groups ) {
	$GLOBALS['wp_object_cache']->add_non_persistent_groups( $groups );
}

/**
 * Switches the key prefix to another blog.
 *
 * @param int $blog_id Blog ID.
 */
function wp_cache_switch_to_blog( $blog_id ) {
	$GLOBALS['wp_object_cache']->switch_to_blog( (int) $blog_id );
}

/**
 * Resets the per-blog state (deprecated in core since 3.5, kept for old callers).
 */
function wp_cache_reset() {
	_deprecated_function( __FUNCTION__, '3.5.0', 'wp_cache_switch_to_blog()' );
	$GLOBALS['wp_object_cache']->reset();
}

/**
 * The object cache: a per-request copy in front of Redis.
 */
class WP_Object_Cache {

	/**
	 * Per-request copy: group => [ key (blog-prefixed unless global) => data ].
	 *
	 * @var array<string, array<string, mixed>>
	 */
	private $cache = array();

	/**
	 * Global groups, as keys.
	 *
	 * @var array<string, true>
	 */
	private $global_groups = array();

	/**
	 * Groups kept in the per-request copy only, as keys.
	 *
	 * @var array<string, true>
	 */
	private $non_persistent_groups = array();

	/**
	 * "<blog ID>:" on multisite, empty otherwise.
	 *
	 * @var string
	 */
	private $blog_prefix = '';

	/**
	 * Prefix of every Redis key, made safe for SCAN patterns.
	 *
	 * @var string
	 */
	private $salt;

	/**
	 * The connection, opened on first use.
	 *
	 * @var Redis|null
	 */
	private $redis = null;

	/**
	 * Reads that the per-request copy or Redis answered.
	 *
	 * @var int
	 */
	public $cache_hits = 0;

	/**
	 * Reads that found nothing.
	 *
	 * @var int
	 */
	public $cache_misses = 0;

	/**
	 * Connects to Redis at once, so a missing server fails the run instead of
	 * leaving the tests on a cache that forgets everything.
	 */
	public function __construct() {
		$salt = defined( 'WP_CACHE_KEY_SALT' ) && WP_CACHE_KEY_SALT ? WP_CACHE_KEY_SALT : getenv( 'WPMUS_TEST_CACHE_KEY_SALT' );
		// rawurlencode() leaves none of the characters SCAN patterns treat specially.
		$this->salt = rawurlencode( $salt ? (string) $salt : DB_NAME );
		$this->switch_to_blog( get_current_blog_id() );
		$this->redis();
	}

	/**
	 * The connection to Redis.
	 *
	 * @throws RuntimeException When the extension or the server is missing.
	 */
	private function redis(): Redis {
		if ( null === $this->redis ) {
			if ( ! class_exists( 'Redis' ) ) {
				throw new RuntimeException( 'The Redis object cache drop-in needs the php-redis extension (Debian: php8.2-redis).' );
			}
			$port  = (int) ( getenv( 'WPMUS_TEST_REDIS_PORT' ) ?: 6398 );
			$redis = new Redis();
			try {
				$redis->connect( '127.0.0.1', $port, 2.0 );
			} catch ( RedisException $e ) {
				throw new RuntimeException( "The Redis object cache drop-in cannot reach Redis on 127.0.0.1:$port: " . $e->getMessage(), 0, $e );
			}
			$this->redis = $redis;
		}
		return $this->redis;
	}

	/**
	 * Normalizes a group name.
	 *
	 * @param string $group Group.
	 */
	private function group( $group ): string {
		return '' === (string) $group ? 'default' : (string) $group;
	}

	/**
	 * The key inside a group: blog-prefixed unless the group is global, as core does.
	 *
	 * @param int|string $key   Key.
	 * @param string     $group Normalized group.
	 */
	private function key( $key, string $group ): string {
		return isset( $this->global_groups[ $group ] ) ? (string) $key : $this->blog_prefix . $key;
	}

	/**
	 * The Redis key of a key in a group.
	 *
	 * @param string $key   Key from key().
	 * @param string $group Normalized group.
	 */
	private function redis_key( string $key, string $group ): string {
		return $this->salt . ':' . rawurlencode( $group ) . ':' . $key;
	}

	/**
	 * Whether a group goes to Redis.
	 *
	 * @param string $group Normalized group.
	 */
	private function persists( string $group ): bool {
		return ! isset( $this->non_persistent_groups[ $group ] );
	}

	/**
	 * Whether a key is usable, as core's WP_Object_Cache::is_valid_key() decides.
	 *
	 * @param mixed $key Key.
	 */
	private function valid( $key ): bool {
		if ( is_int( $key ) || ( is_string( $key ) && '' !== trim( $key ) ) ) {
			return true;
		}
		_doing_it_wrong( __CLASS__, 'Cache key must be an integer or a non-empty string.', '6.1.0' );
		return false;
	}

	/**
	 * Copies objects, so that changing what was stored or read never changes the cache.
	 *
	 * @param mixed $data Data.
	 */
	private static function copy( $data ) {
		return is_object( $data ) ? clone $data : $data;
	}

	/**
	 * Writes a value to Redis.
	 *
	 * @param string      $redis_key Redis key.
	 * @param mixed       $data      Data.
	 * @param int         $expire    Seconds to live; 0 for no expiry.
	 * @param string|null $condition 'NX' (only if absent), 'XX' (only if present) or null.
	 */
	private function store( string $redis_key, $data, int $expire, ?string $condition = null ): bool {
		$options = array();
		if ( null !== $condition ) {
			$options[] = $condition;
		}
		if ( $expire > 0 ) {
			$options['ex'] = $expire;
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize
		return true === $this->redis()->set( $redis_key, serialize( $data ), $options );
	}

	/**
	 * Adds data if the key is not taken.
	 *
	 * @param int|string $key    Key.
	 * @param mixed      $data   Data.
	 * @param string     $group  Group.
	 * @param int        $expire Seconds to live.
	 */
	public function add( $key, $data, $group = 'default', $expire = 0 ): bool {
		if ( wp_suspend_cache_addition() || ! $this->valid( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->key( $key, $group );
		if ( isset( $this->cache[ $group ] ) && array_key_exists( $id, $this->cache[ $group ] ) ) {
			return false;
		}
		if ( $this->persists( $group ) && ! $this->store( $this->redis_key( $id, $group ), $data, (int) $expire, 'NX' ) ) {
			return false;
		}
		$this->cache[ $group ][ $id ] = self::copy( $data );
		return true;
	}

	/**
	 * Adds several values.
	 *
	 * @param array  $data   Key => data.
	 * @param string $group  Group.
	 * @param int    $expire Seconds to live.
	 * @return bool[]
	 */
	public function add_multiple( array $data, $group = '', $expire = 0 ): array {
		$done = array();
		foreach ( $data as $key => $value ) {
			$done[ $key ] = $this->add( $key, $value, $group, $expire );
		}
		return $done;
	}

	/**
	 * Replaces data if the key exists.
	 *
	 * @param int|string $key    Key.
	 * @param mixed      $data   Data.
	 * @param string     $group  Group.
	 * @param int        $expire Seconds to live.
	 */
	public function replace( $key, $data, $group = 'default', $expire = 0 ): bool {
		if ( ! $this->valid( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->key( $key, $group );
		if ( $this->persists( $group ) ) {
			if ( ! $this->store( $this->redis_key( $id, $group ), $data, (int) $expire, 'XX' ) ) {
				return false;
			}
		} elseif ( ! isset( $this->cache[ $group ] ) || ! array_key_exists( $id, $this->cache[ $group ] ) ) {
			return false;
		}
		$this->cache[ $group ][ $id ] = self::copy( $data );
		return true;
	}

	/**
	 * Saves data.
	 *
	 * @param int|string $key    Key.
	 * @param mixed      $data   Data.
	 * @param string     $group  Group.
	 * @param int        $expire Seconds to live.
	 */
	public function set( $key, $data, $group = 'default', $expire = 0 ): bool {
		if ( ! $this->valid( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->key( $key, $group );
		if ( $this->persists( $group ) && ! $this->store( $this->redis_key( $id, $group ), $data, (int) $expire ) ) {
			return false;
		}
		$this->cache[ $group ][ $id ] = self::copy( $data );
		return true;
	}

	/**
	 * Saves several values.
	 *
	 * @param array  $data   Key => data.
	 * @param string $group  Group.
	 * @param int    $expire Seconds to live.
	 * @return bool[]
	 */
	public function set_multiple( array $data, $group = '', $expire = 0 ): array {
		$done = array();
		foreach ( $data as $key => $value ) {
			$done[ $key ] = $this->set( $key, $value, $group, $expire );
		}
		return $done;
	}

	/**
	 * Reads data: from the per-request copy, else from Redis (and keeps a copy).
	 *
	 * @param int|string $key   Key.
	 * @param string     $group Group.
	 * @param bool       $force Ask Redis even when the per-request copy has the key.
	 * @param bool|null  $found Set to whether the key was found.
	 * @return mixed|false
	 */
	public function get( $key, $group = 'default', $force = false, &$found = null ) {
		$found = false;
		if ( ! $this->valid( $key ) ) {
			return false;
		}
		$group    = $this->group( $group );
		$id       = $this->key( $key, $group );
		$persists = $this->persists( $group );

		if ( ( ! $force || ! $persists ) && isset( $this->cache[ $group ] ) && array_key_exists( $id, $this->cache[ $group ] ) ) {
			$found = true;
			++$this->cache_hits;
			return self::copy( $this->cache[ $group ][ $id ] );
		}
		if ( $persists ) {
			$raw = $this->redis()->get( $this->redis_key( $id, $group ) );
			if ( is_string( $raw ) ) {
				$found = true;
				++$this->cache_hits;
				$data                         = unserialize( $raw ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize
				$this->cache[ $group ][ $id ] = $data;
				return self::copy( $data );
			}
		}
		++$this->cache_misses;
		return false;
	}

	/**
	 * Reads several keys, asking Redis in one round trip for those not in the per-request copy.
	 *
	 * @param array  $keys  Keys.
	 * @param string $group Group.
	 * @param bool   $force Ask Redis for every key.
	 * @return array Key => data, or false when not found.
	 */
	public function get_multiple( $keys, $group = 'default', $force = false ): array {
		$group    = $this->group( $group );
		$persists = $this->persists( $group );
		$values   = array();
		$ask      = array();
		foreach ( $keys as $key ) {
			if ( ! $this->valid( $key ) ) {
				$values[ $key ] = false;
				continue;
			}
			$id = $this->key( $key, $group );
			if ( ( ! $force || ! $persists ) && isset( $this->cache[ $group ] ) && array_key_exists( $id, $this->cache[ $group ] ) ) {
				++$this->cache_hits;
				$values[ $key ] = self::copy( $this->cache[ $group ][ $id ] );
			} elseif ( $persists ) {
				$ask[ $id ]     = $key;
				$values[ $key ] = false;
			} else {
				++$this->cache_misses;
				$values[ $key ] = false;
			}
		}
		if ( array() !== $ask ) {
			$ids = array_keys( $ask );
			$raw = $this->redis()->mget( array_map( fn( $id ) => $this->redis_key( (string) $id, $group ), $ids ) );
			foreach ( $ids as $i => $id ) {
				if ( is_array( $raw ) && is_string( $raw[ $i ] ?? null ) ) {
					++$this->cache_hits;
					$data                         = unserialize( $raw[ $i ] ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize
					$this->cache[ $group ][ $id ] = $data;
					$values[ $ask[ $id ] ]        = self::copy( $data );
				} else {
					++$this->cache_misses;
				}
			}
		}
		return $values;
	}

	/**
	 * Removes a key.
	 *
	 * @param int|string $key   Key.
	 * @param string     $group Group.
	 * @return bool Whether the key was there.
	 */
	public function delete( $key, $group = 'default' ): bool {
		if ( ! $this->valid( $key ) ) {
			return false;
		}
		$group = $this->group( $group );
		$id    = $this->key( $key, $group );
		$had   = isset( $this->cache[ $group ] ) && array_key_exists( $id, $this->cache[ $group ] );
		unset( $this->cache[ $group ][ $id ] );
		if ( $this->persists( $group ) ) {
			$had = $this->redis()->del( $this->redis_key( $id, $group ) ) > 0 || $had;
		}
		return $had;
	}

	/**
	 * Removes several keys.
	 *
	 * @param array  $keys  Keys.
	 * @param string $group Group.
	 * @return bool[]
	 */
	public function delete_multiple( array $keys, $group = '' ): array {
		$done = array();
		foreach ( $keys as $key ) {
			$done[ $key ] = $this->delete( $key, $group );
		}
		return $done;
	}

	/**
	 * Adds to a numeric value; a value that is not numeric counts as 0, and the result never goes below 0.
	 * Read-modify-write, not atomic: enough for one test process.
	 *
	 * @param int|string $key    Key.
	 * @param int        $offset Amount.
	 * @param string     $group  Group.
	 * @return int|false
	 */
	public function incr( $key, $offset = 1, $group = 'default' ) {
		$value = $this->get( $key, $group, false, $found );
		if ( ! $found ) {
			return false;
		}
		$value = max( 0, ( is_numeric( $value ) ? (int) $value : 0 ) + (int) $offset );
		return $this->set( $key, $value, $group ) ? $value : false;
	}

	/**
	 * Subtracts from a numeric value, never below 0.
	 *
	 * @param int|string $key    Key.
	 * @param int        $offset Amount.
	 * @param string     $group  Group.
	 * @return int|false
	 */
	public function decr( $key, $offset = 1, $group = 'default' ) {
		return $this->incr( $key, -(int) $offset, $group );
	}

	/**
	 * Deletes the Redis keys matching a pattern under this cache's salt.
	 *
	 * @param string $pattern SCAN pattern after "<salt>:".
	 */
	private function delete_matching( string $pattern ): void {
		$redis    = $this->redis();
		$iterator = null;
		do {
			$keys = $redis->scan( $iterator, $this->salt . ':' . $pattern, 1000 );
			if ( is_array( $keys ) && array() !== $keys ) {
				$redis->del( $keys );
			}
		} while ( $iterator > 0 );
	}

	/**
	 * Removes everything this cache stored: its keys in Redis, and the per-request copy.
	 */
	public function flush(): bool {
		$this->cache = array();
		$this->delete_matching( '*' );
		return true;
	}

	/**
	 * Forgets the per-request copy; Redis keeps its keys.
	 */
	public function flush_runtime(): bool {
		$this->cache = array();
		return true;
	}

	/**
	 * Removes a group on every blog.
	 *
	 * @param string $group Group.
	 */
	public function flush_group( $group ): bool {
		$group = $this->group( $group );
		unset( $this->cache[ $group ] );
		if ( $this->persists( $group ) ) {
			$this->delete_matching( rawurlencode( $group ) . ':*' );
		}
		return true;
	}

	/**
	 * Closes the connection; the next call opens a new one.
	 */
	public function close(): bool {
		if ( null !== $this->redis ) {
			$this->redis->close();
			$this->redis = null;
		}
		return true;
	}

	/**
	 * Declares global groups.
	 *
	 * @param string|string[] $groups Groups.
	 */
	public function add_global_groups( $groups ): void {
		$this->global_groups += array_fill_keys( (array) $groups, true );
	}

	/**
	 * Declares groups that never reach Redis.
	 *
	 * @param string|string[] $groups Groups.
	 */
	public function add_non_persistent_groups( $groups ): void {
		$this->non_persistent_groups += array_fill_keys( (array) $groups, true );
	}

	/**
	 * Prefixes the keys of non-global groups with another blog's ID.
	 *
	 * @param int $blog_id Blog ID.
	 */
	public function switch_to_blog( int $blog_id ): void {
		$this->blog_prefix = is_multisite() ? $blog_id . ':' : '';
	}

	/**
	 * Forgets the per-request copy of non-global groups and takes the current blog's prefix.
	 */
	public function reset(): void {
		$this->switch_to_blog( get_current_blog_id() );
		foreach ( array_keys( $this->cache ) as $group ) {
			if ( ! isset( $this->global_groups[ $group ] ) ) {
				unset( $this->cache[ $group ] );
			}
		}
	}
}
