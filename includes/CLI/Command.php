<?php
/**
 * `wp user-sync`: the manual syncs and the settings from the command line.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\CLI;

use WP_CLI;
use WP_CLI\Utils;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * Syncs users to sites, shows past syncs, and reads or changes the settings.
 *
 * Runs the same jobs as Network Admin → WPM User Sync → Actions.
 *
 * @since 2.0.0
 */
final class Command {

	/**
	 * Seconds of work per batch.
	 */
	private const BATCH_SECONDS = 2.0;

	/**
	 * Most site IDs one command takes, as the REST API.
	 */
	private const MAX_SITE_IDS = 10000;

	/**
	 * Adds every user in scope to the sites where they are missing.
	 *
	 * ## OPTIONS
	 *
	 * [--sites[=<ids>]]
	 * : Comma-separated site IDs. Default: every site of the network.
	 *
	 * [--dry-run]
	 * : Only show what would be added and skipped.
	 *
	 * [--add-removed]
	 * : Also add back people whom someone removed from a site by hand.
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync sync --dry-run
	 *     wp user-sync sync --sites=3,5
	 *
	 * @param string[]                   $args       Positional arguments.
	 * @param array<string, string|true> $assoc_args Options.
	 */
	public function sync( array $args, array $assoc_args ): void {
		$network_id  = get_current_network_id();
		$add_removed = $this->flag( $assoc_args, 'add-removed' );
		$dry_run     = $this->flag( $assoc_args, 'dry-run' );
		$site_ids    = null;
		if ( isset( $assoc_args['sites'] ) ) {
			// A bare --sites arrives as true. The synopsis marks the value optional for this:
			// otherwise WP-CLI drops the option with a warning, and every site is synced.
			$site_ids = is_string( $assoc_args['sites'] ) ? $this->parse_site_ids( $assoc_args['sites'] ) : array();
			if ( array() === $site_ids ) {
				WP_CLI::error( __( 'Give at least one site ID with --sites.', 'wpm-user-sync' ) );
			}
			$this->refuse_foreign_sites( $network_id, $site_ids );
		}

		$runner = new Job_Runner( $network_id, new Job_Store() );
		$job    = $runner->create( null === $site_ids ? Job::KIND_NETWORK : Job::KIND_SITES, $site_ids, $add_removed, get_current_user_id() );
		WP_CLI::log( sprintf( 'Sync #%d: previewing…', $job->id ) );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $runner->step( $job, self::BATCH_SECONDS );
		}
		$this->print_counts( $job->preview->sites(), __( 'To add', 'wpm-user-sync' ) );

		if ( $dry_run ) {
			$runner->cancel( $job );
			/* translators: %d: Number of memberships. */
			WP_CLI::success( sprintf( __( 'Dry run: %d memberships would be added. Nothing was written.', 'wpm-user-sync' ), $job->preview->added() ) );
			return;
		}

		try {
			$job = $runner->start( $job );
		} catch ( Job_Error $error ) {
			$runner->cancel( $job );
			WP_CLI::error( $error->getMessage() );
		}
		$total    = $job->preview->added();
		$progress = Utils\make_progress_bar( __( 'Adding memberships', 'wpm-user-sync' ), max( 1, $total ) );
		$shown    = 0;
		while ( Job::RUNNING === $job->status ) {
			$job = $runner->step( $job, self::BATCH_SECONDS );
			$progress->tick( $job->result->added() - $shown ); // @phpstan-ignore method.notFound (WP_CLI\NoOp, the bar when output is quiet, takes any call through __call().)
			$shown = $job->result->added();
		}
		$progress->finish(); // @phpstan-ignore method.notFound (As above: WP_CLI\NoOp takes any call.)

		if ( Job::DONE !== $job->status ) {
			/* translators: 1: Job status, 2: Error message. */
			WP_CLI::error( sprintf( __( 'The sync ended as "%1$s": %2$s', 'wpm-user-sync' ), $job->status, (string) $job->last_error ) );
		}
		/* translators: 1: Number of memberships, 2: Job number. */
		WP_CLI::success( sprintf( __( 'Added %1$d memberships (sync #%2$d).', 'wpm-user-sync' ), $job->result->added(), $job->id ) );
	}

	/**
	 * Lists the latest syncs of the network.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, csv, json or yaml.
	 * ---
	 * default: table
	 * ---
	 *
	 * @subcommand status
	 *
	 * @param string[]              $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		$rows = array();
		foreach ( ( new Job_Store() )->list( get_current_network_id(), Job_Store::HISTORY ) as $job ) {
			$user   = get_userdata( $job->created_by );
			$rows[] = array(
				'id'       => $job->id,
				'kind'     => $job->kind,
				'sites'    => null === $job->site_ids ? 'all' : implode( ',', $job->site_ids ),
				'status'   => $job->status,
				'added'    => $job->result->added(),
				'total'    => $job->preview->added(),
				'by'       => $user ? $user->user_login : '-',
				'started'  => $job->started_at ? gmdate( 'Y-m-d H:i:s', $job->started_at ) : '',
				'finished' => $job->finished_at ? gmdate( 'Y-m-d H:i:s', $job->finished_at ) : '',
			);
		}
		if ( array() === $rows ) {
			WP_CLI::log( __( 'No sync has run on this network yet.', 'wpm-user-sync' ) );
			return;
		}
		Utils\format_items( $assoc_args['format'] ?? 'table', $rows, array_keys( $rows[0] ) );
	}

	/**
	 * Reads or changes the network settings.
	 *
	 * ## OPTIONS
	 *
	 * <action>
	 * : get or set.
	 * ---
	 * options:
	 *   - get
	 *   - set
	 * ---
	 *
	 * [<name>]
	 * : A setting: newSiteSync, newUserSync, roleSync, includeSuperAdmins, allowSiteSync, excludedSites, neverReplicatedRoles, privilegedDefaultRoles.
	 *
	 * [<value>]
	 * : For set: on/off (yes/no, true/false, 1/0) for a switch; comma-separated site IDs or roles for a list ("" to empty it).
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync settings get
	 *     wp user-sync settings set newUserSync on
	 *     wp user-sync settings set excludedSites 3,7
	 *     wp user-sync settings set privilegedDefaultRoles off
	 *
	 * @param string[]              $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function settings( array $args, array $assoc_args ): void {
		$settings = new Settings();
		$action   = $args[0];
		$name     = $args[1] ?? null;
		if ( null !== $name && ! in_array( $name, $settings->names(), true ) ) {
			/* translators: 1: Setting name, 2: Comma-separated setting names. */
			WP_CLI::error( sprintf( __( 'Unknown setting: %1$s. Known settings: %2$s.', 'wpm-user-sync' ), $name, implode( ', ', $settings->names() ) ) );
		}

		if ( 'get' === $action ) {
			$all = $settings->all();
			foreach ( null === $name ? $all : array( $name => $all[ $name ] ) as $key => $value ) {
				WP_CLI::log( $key . "\t" . ( is_bool( $value ) ? ( $value ? 'on' : 'off' ) : implode( ',', $value ) ) );
			}
			return;
		}

		if ( null === $name || ! isset( $args[2] ) ) {
			WP_CLI::error( __( 'Usage: wp user-sync settings set <name> <value>', 'wpm-user-sync' ) );
		}
		$settings->update( array( $name => $this->parse_value( $name, $args[2], $settings ) ) );
		/* translators: %s: Setting name. */
		WP_CLI::success( sprintf( __( 'Saved %s.', 'wpm-user-sync' ), $name ) );
	}

	/**
	 * A setting's value from its command-line form, or an error.
	 *
	 * @param string   $name     Setting name.
	 * @param string   $raw      Value as typed.
	 * @param Settings $settings The settings.
	 * @return bool|int[]|string[]
	 */
	private function parse_value( string $name, string $raw, Settings $settings ): bool|array {
		if ( is_bool( $settings->all()[ $name ] ) ) {
			// filter_var() reads "" as false: an empty value would switch the setting off.
			$flag = '' === trim( $raw ) ? null : filter_var( $raw, FILTER_VALIDATE_BOOLEAN, FILTER_NULL_ON_FAILURE );
			if ( null === $flag ) {
				/* translators: 1: Setting name, 2: Value given. */
				WP_CLI::error( sprintf( __( '%1$s is a switch: use on or off, not "%2$s".', 'wpm-user-sync' ), $name, $raw ) );
			}
			return $flag;
		}
		if ( 'excludedSites' === $name ) {
			$ids = $this->parse_site_ids( $raw );
			$this->refuse_foreign_sites( get_current_network_id(), $ids );
			return $ids;
		}
		$roles   = array_values( array_unique( wp_parse_list( $raw ) ) );
		$unknown = array_diff( $roles, array_map( 'strval', array_keys( ( new Site_Roles() )->roles( get_main_site_id() ) ) ) );
		if ( array() !== $unknown ) {
			/* translators: %s: Comma-separated role names. */
			WP_CLI::error( sprintf( __( 'These roles do not exist on the main site: %s.', 'wpm-user-sync' ), $this->some_items( $unknown ) ) );
		}
		return $roles;
	}

	/**
	 * Site IDs from a comma-separated list, or an error naming what is not one.
	 *
	 * Stricter than wp_parse_id_list(), whose absint() reads "-3" as site 3 and
	 * wraps a number beyond 64 bits into another ID.
	 *
	 * @param string $raw IDs as typed, separated by commas or spaces; "" for none.
	 * @return int[]
	 */
	private function parse_site_ids( string $raw ): array {
		$items = wp_parse_list( $raw );
		if ( count( $items ) > self::MAX_SITE_IDS ) {
			/* translators: 1: Largest number of site IDs, 2: Number of site IDs given. */
			WP_CLI::error( sprintf( __( 'Give at most %1$s site IDs; %2$s were given.', 'wpm-user-sync' ), number_format_i18n( self::MAX_SITE_IDS ), number_format_i18n( count( $items ) ) ) );
		}
		$ids = array();
		$bad = array();
		foreach ( $items as $item ) {
			// Digits only (no sign, no exponent), leading zeros allowed, and within PHP's integers.
			$id = preg_match( '/^[0-9]+$/', $item ) ? filter_var( ltrim( $item, '0' ), FILTER_VALIDATE_INT, array( 'options' => array( 'min_range' => 1 ) ) ) : false;
			if ( false === $id ) {
				$bad[] = $item;
			} else {
				$ids[] = $id;
			}
		}
		if ( array() !== $bad ) {
			/* translators: 1: Comma-separated values as typed, 2: The largest site ID possible. */
			WP_CLI::error( sprintf( __( 'Not site IDs: %1$s. A site ID is a whole number from 1 to %2$s.', 'wpm-user-sync' ), $this->some_items( $bad ), number_format_i18n( PHP_INT_MAX ) ) );
		}
		return array_values( array_unique( $ids ) );
	}

	/**
	 * Stops with an error naming the sites that are not sites of the network.
	 *
	 * @param int   $network_id Network.
	 * @param int[] $site_ids   Site IDs.
	 */
	private function refuse_foreign_sites( int $network_id, array $site_ids ): void {
		$foreign = $this->population( $network_id )->foreign_sites( $site_ids );
		if ( array() !== $foreign ) {
			/* translators: %s: Site IDs, e.g. "99, 100, 101 and 2,997 more". */
			WP_CLI::error( sprintf( __( 'These sites do not exist in this network: %s.', 'wpm-user-sync' ), $this->some_items( $foreign ) ) );
		}
	}

	/**
	 * The value of an on/off option: --name, --no-name, or an error for --name=<anything>.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $name       Option name.
	 */
	private function flag( array $assoc_args, string $name ): bool {
		$value = Utils\get_flag_value( $assoc_args, $name, false );
		if ( ! is_bool( $value ) ) {
			/* translators: %s: Option name. */
			WP_CLI::error( sprintf( __( '--%s is a switch: give it without a value.', 'wpm-user-sync' ), $name ) );
		}
		return $value;
	}

	/**
	 * The first few items of a list and how many more there are: "99, 100, 101 and 2,997 more".
	 *
	 * @param array<int|string> $items Items.
	 */
	private function some_items( array $items ): string {
		$list = implode( ', ', array_slice( array_values( $items ), 0, 3 ) );
		$more = count( $items ) - 3;
		/* translators: 1: Comma-separated items, 2: How many more items there are. */
		return $more > 0 ? sprintf( __( '%1$s and %2$s more', 'wpm-user-sync' ), $list, number_format_i18n( $more ) ) : $list;
	}

	/**
	 * Prints per-site counts.
	 *
	 * @param array<int, array{added: int, skipped: array<string, int>}> $sites  Site ID => counts.
	 * @param string                                                     $header Heading of the count column.
	 */
	private function print_counts( array $sites, string $header ): void {
		$rows = array();
		foreach ( $sites as $site_id => $counts ) {
			$site   = get_site( $site_id );
			$rows[] = array(
				'site'    => $site_id . ' ' . ( $site ? $site->domain . $site->path : '' ),
				$header   => $counts['added'],
				'skipped' => implode( ', ', array_map( static fn( $reason, $count ) => "$reason: $count", array_keys( $counts['skipped'] ), $counts['skipped'] ) ),
			);
		}
		if ( array() !== $rows ) {
			Utils\format_items( 'table', $rows, array( 'site', $header, 'skipped' ) );
		}
	}

	/**
	 * The population of a network.
	 *
	 * @param int $network_id Network.
	 */
	private function population( int $network_id ): Population {
		return new Population( new Settings( $network_id ), $network_id );
	}
}
