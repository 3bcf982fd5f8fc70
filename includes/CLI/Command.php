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
use WPM_User_Sync\Health\Background_Work;
use WPM_User_Sync\Health\Check_Drift;
use WPM_User_Sync\Health\Runner_Health;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\People\People_Args;
use WPM_User_Sync\People\People_Check;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Short_List;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Ids;
use WPM_User_Sync\Undo\Undoable;
use WPM_User_Sync\Undo\Undoer;

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
			$site_ids = is_string( $assoc_args['sites'] ) ? $this->valid( static fn() => Site_Ids::parse( $assoc_args['sites'] ) ) : array();
			if ( array() === $site_ids ) {
				WP_CLI::error( __( 'Give at least one site ID with --sites.', 'wpm-user-sync' ) );
			}
			$foreign = Site_Ids::foreign_problem( $network_id, $site_ids );
			if ( null !== $foreign ) {
				WP_CLI::error( $foreign );
			}
		}

		$runner = new Job_Runner( $network_id, new Job_Store() );
		$job    = $runner->create( null === $site_ids ? Job::KIND_NETWORK : Job::KIND_SITES, $site_ids, $add_removed, get_current_user_id() );
		WP_CLI::log( sprintf( 'Sync #%d: previewing…', $job->id ) );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $runner->step( $job, Job_Budget::for( Job_Budget::CLI, $job ) );
		}
		$this->print_counts( $job->preview->sites(), __( 'To add', 'wpm-user-sync' ) );

		if ( $dry_run ) {
			$runner->cancel( $job );
			/* translators: %d: Number of memberships. */
			WP_CLI::success( sprintf( __( 'Dry run: %d memberships would be added. Nothing was written.', 'wpm-user-sync' ), $job->preview->added() ) );
			return;
		}

		$job = $this->run_to_the_end( $runner, $job, __( 'Adding memberships', 'wpm-user-sync' ) );
		/* translators: 1: Number of memberships, 2: Job number. */
		WP_CLI::success( sprintf( __( 'Added %1$d memberships (sync #%2$d).', 'wpm-user-sync' ), $job->result->added(), $job->id ) );
	}

	/**
	 * Adds people to sites, with a role or each site's default role.
	 *
	 * ## OPTIONS
	 *
	 * --users=<users>
	 * : Comma-separated user IDs, logins or emails (at most 1,000).
	 *
	 * [--sites[=<ids>]]
	 * : Comma-separated site IDs.
	 *
	 * [--all-sites]
	 * : Every site of the network (not those archived, spam, deleted or excluded in Options).
	 *
	 * [--role=<role>]
	 * : The role to give. Default: each site's default role. A member already is given this role.
	 *
	 * [--dry-run]
	 * : Only show what would be done and skipped.
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync add --users=maria.garcia,7 --sites=3,5 --role=editor
	 *     wp user-sync add --users=new.hire@example.com --all-sites --dry-run
	 *
	 * @since 2.1.0
	 *
	 * @param string[]                   $args       Positional arguments.
	 * @param array<string, string|true> $assoc_args Options.
	 */
	public function add( array $args, array $assoc_args ): void {
		$network_id            = get_current_network_id();
		list( $users, $sites ) = $this->people_and_sites( $assoc_args );
		$role                  = isset( $assoc_args['role'] ) && is_string( $assoc_args['role'] ) ? $assoc_args['role'] : null;
		if ( isset( $assoc_args['role'] ) && null === $role ) {
			WP_CLI::error( __( 'Give a role with --role=<role>.', 'wpm-user-sync' ) );
		}
		$problem = null === $role ? null : People_Check::role_problem( $network_id, $role, $sites );
		if ( null !== $problem ) {
			WP_CLI::error( $problem );
		}
		$args = People_Args::for_add( $role, Policy::for_network( $network_id )->is_trusted( get_current_user_id() ) );
		$this->run_people_job( Add_To_Sites::NAME, $users, $sites, $args, $this->flag( $assoc_args, 'dry-run' ) );
	}

	/**
	 * Removes people from sites, or from every site they belong to; their accounts stay.
	 *
	 * Super admins, and the last administrator of a site, are not removed (the preview says where).
	 *
	 * ## OPTIONS
	 *
	 * --users=<users>
	 * : Comma-separated user IDs, logins or emails (at most 1,000).
	 *
	 * [--sites[=<ids>]]
	 * : Comma-separated site IDs.
	 *
	 * [--all-sites]
	 * : Every site of the network they belong to (offboarding).
	 *
	 * [--reassign=<id>]
	 * : Give their posts and pages to this user on every site where that user is a member.
	 * Default: the content stays attributed to them.
	 *
	 * [--dry-run]
	 * : Only show what would be done and skipped.
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync remove --users=leaver@example.com --all-sites --reassign=12
	 *     wp user-sync remove --users=7,8 --sites=3 --dry-run
	 *
	 * @since 2.1.0
	 *
	 * @param string[]                   $args       Positional arguments.
	 * @param array<string, string|true> $assoc_args Options.
	 */
	public function remove( array $args, array $assoc_args ): void {
		list( $users, $sites ) = $this->people_and_sites( $assoc_args );
		$heir                  = null;
		if ( isset( $assoc_args['reassign'] ) ) {
			$heir = is_string( $assoc_args['reassign'] ) ? $this->valid( static fn() => Site_Ids::parse( $assoc_args['reassign'] ) ) : array();
			if ( 1 !== count( $heir ) ) {
				WP_CLI::error( __( 'Give one user ID with --reassign=<id>.', 'wpm-user-sync' ) );
			}
			$heir    = $heir[0];
			$problem = People_Check::reassign_problem( get_current_network_id(), $users, $heir, null );
			if ( null !== $problem ) {
				WP_CLI::error( $problem );
			}
		}
		$this->run_people_job( Remove_From_Sites::NAME, $users, $sites, People_Args::for_remove( $heir, null ), $this->flag( $assoc_args, 'dry-run' ) );
	}

	/**
	 * Takes back what a finished job changed, where nobody changed it since.
	 *
	 * Memberships the job added are taken back; memberships it removed and roles it changed
	 * are put back. What someone changed since is skipped (the preview says who). Content the
	 * job gave to someone else stays theirs. An undo is a job too, and can be undone.
	 *
	 * ## OPTIONS
	 *
	 * <job>
	 * : The number of the job to undo (see `wp user-sync status`).
	 *
	 * [--dry-run]
	 * : Only show what would be taken back and skipped.
	 *
	 * [--yes]
	 * : Do not ask for confirmation after the preview.
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync undo 12 --dry-run
	 *     wp user-sync undo 12 --yes
	 *
	 * @since 2.2.0
	 *
	 * @param string[]                   $args       Positional arguments.
	 * @param array<string, string|true> $assoc_args Options.
	 */
	public function undo( array $args, array $assoc_args ): void {
		$typed   = (string) ( $args[0] ?? '' );
		$dry_run = $this->flag( $assoc_args, 'dry-run' );
		$yes     = $this->flag( $assoc_args, 'yes' );
		if ( ! ctype_digit( $typed ) || (int) $typed < 1 ) {
			WP_CLI::error( __( 'Give the number of the job to undo, e.g. "wp user-sync undo 12".', 'wpm-user-sync' ) );
		}
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$target = $runner->find( (int) $typed );
		if ( null === $target ) {
			/* translators: %d: Job number. */
			WP_CLI::error( sprintf( __( 'There is no job #%d in this network.', 'wpm-user-sync' ), (int) $typed ) );
		}
		$problem = Undoable::problem( $target );
		if ( null !== $problem ) {
			WP_CLI::error( $problem );
		}
		// WP-CLI is trusted like the network's operator, as everywhere.
		$job = Undoable::create( $runner, $target, get_current_user_id(), true );
		/* translators: 1: Job number of the undo, 2: Job number of the job undone. */
		WP_CLI::log( sprintf( __( 'Job #%1$d: previewing the undo of job #%2$d…', 'wpm-user-sync' ), $job->id, $target->id ) );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $runner->step( $job, Job_Budget::for( Job_Budget::CLI, $job ) );
		}
		$this->print_counts( $job->preview->sites(), __( 'To take back', 'wpm-user-sync' ) );
		$this->print_changed_by( $job->preview );
		if ( $job->preview->noted( Undoer::NOTE_CONTENT_NOT_RETURNED ) > 0 ) {
			WP_CLI::log( __( 'Content that the job gave to someone else stays theirs: undo does not give it back.', 'wpm-user-sync' ) );
		}
		$total = $job->preview->added();
		if ( $dry_run || 0 === $total ) {
			$runner->cancel( $job );
			WP_CLI::success(
				$dry_run
					/* translators: %d: Number of memberships and roles. */
					? sprintf( __( 'Dry run: %d memberships and roles would be taken back. Nothing was written.', 'wpm-user-sync' ), $total )
					: __( 'Nothing is left to take back: everything was changed since, or undone already.', 'wpm-user-sync' )
			);
			return;
		}
		if ( ! $yes ) {
			/* translators: %d: Number of memberships and roles. */
			WP_CLI::confirm( sprintf( __( 'Take back %d memberships and roles?', 'wpm-user-sync' ), $total ) );
		}
		$job = $this->run_to_the_end( $runner, $job, __( 'Undoing', 'wpm-user-sync' ) );
		/* translators: 1: Number of memberships and roles, 2: Job number of the undo, 3: Job number of the job undone. */
		WP_CLI::success( sprintf( __( 'Took back %1$d memberships and roles (job #%2$d undid job #%3$d).', 'wpm-user-sync' ), $job->result->added(), $job->id, $target->id ) );
	}

	/**
	 * Prints who changed, since the job an undo takes back, what it skips.
	 *
	 * @param Report $preview An undo's preview.
	 */
	private function print_changed_by( Report $preview ): void {
		foreach ( Undoer::changed_by( $preview ) as $actor => $count ) {
			$user = $actor > 0 ? get_userdata( $actor ) : false;
			WP_CLI::log(
				sprintf(
					/* translators: 1: Who (a name and user ID, or "nobody logged in"), 2: Number of memberships and roles. */
					__( 'Changed since by %1$s: %2$d', 'wpm-user-sync' ),
					$user ? $user->display_name . ' (#' . $actor . ')' : __( 'nobody logged in', 'wpm-user-sync' ),
					$count
				)
			);
		}
	}

	/**
	 * Confirms a previewed job and runs it to the end with a progress bar; an error when it
	 * cannot start or does not end done.
	 *
	 * @since 2.1.0
	 *
	 * @param Job_Runner $runner The pipeline.
	 * @param Job        $job    A job whose preview is done.
	 * @param string     $label  What the progress bar says.
	 * @return Job The job, done.
	 */
	private function run_to_the_end( Job_Runner $runner, Job $job, string $label ): Job {
		try {
			$job = $runner->start( $job );
		} catch ( Job_Error $error ) {
			$runner->cancel( $job );
			WP_CLI::error( $error->getMessage() );
		}
		$progress = Utils\make_progress_bar( $label, max( 1, $job->preview->added() ) );
		$shown    = 0;
		while ( Job::RUNNING === $job->status ) {
			$job = $runner->step( $job, Job_Budget::for( Job_Budget::CLI, $job ) );
			$progress->tick( $job->result->added() - $shown ); // @phpstan-ignore method.notFound (WP_CLI\NoOp, the bar when output is quiet, takes any call through __call().)
			$shown = $job->result->added();
		}
		$progress->finish(); // @phpstan-ignore method.notFound (As above: WP_CLI\NoOp takes any call.)
		if ( Job::DONE !== $job->status ) {
			/* translators: 1: Job status, 2: Error message. */
			WP_CLI::error( sprintf( __( 'The sync ended as "%1$s": %2$s', 'wpm-user-sync' ), $job->status, (string) $job->last_error ) );
		}
		return $job;
	}

	/**
	 * The people and sites of `add` and `remove`: users by ID, login or email; --sites or --all-sites.
	 *
	 * @param array<string, string|true> $assoc_args Options.
	 * @return array{0: int[], 1: int[]|null} User IDs, and site IDs (null for every site).
	 */
	private function people_and_sites( array $assoc_args ): array {
		$typed = isset( $assoc_args['users'] ) && is_string( $assoc_args['users'] ) ? array_filter( array_map( 'trim', explode( ',', $assoc_args['users'] ) ), static fn( string $name ): bool => '' !== $name ) : array();
		if ( array() === $typed ) {
			WP_CLI::error( __( 'Name the people with --users=<ids|logins|emails>.', 'wpm-user-sync' ) );
		}
		if ( count( $typed ) > People_Check::MAX_USERS ) {
			WP_CLI::error( (string) People_Check::users_problem( range( 1, count( $typed ) ) ) );
		}
		$users   = array();
		$unknown = array();
		foreach ( $typed as $name ) {
			$field = ctype_digit( $name ) ? 'id' : ( is_email( $name ) ? 'email' : 'login' );
			$user  = get_user_by( $field, $name );
			if ( $user ) {
				$users[] = $user->ID;
			} else {
				$unknown[] = $name;
			}
		}
		if ( array() !== $unknown ) {
			/* translators: %s: Users as typed, e.g. "99, bob and 2 more". */
			WP_CLI::error( sprintf( __( 'These users do not exist: %s.', 'wpm-user-sync' ), Short_List::of( $unknown ) ) );
		}

		$all = $this->flag( $assoc_args, 'all-sites' );
		if ( isset( $assoc_args['sites'] ) === $all ) {
			WP_CLI::error( __( 'Give either --sites=<ids> or --all-sites.', 'wpm-user-sync' ) );
		}
		if ( $all ) {
			return array( Site_Ids::normalise( $users ), null );
		}
		$sites = is_string( $assoc_args['sites'] ) ? $this->valid( static fn() => Site_Ids::parse( $assoc_args['sites'] ) ) : array();
		if ( array() === $sites ) {
			WP_CLI::error( __( 'Give at least one site ID with --sites.', 'wpm-user-sync' ) );
		}
		$foreign = Site_Ids::foreign_problem( get_current_network_id(), $sites );
		if ( null !== $foreign ) {
			WP_CLI::error( $foreign );
		}
		return array( Site_Ids::normalise( $users ), $sites );
	}

	/**
	 * Previews a job about named people, prints the preview, then (unless a dry run) runs it
	 * to the end with a progress bar.
	 *
	 * @param string               $type    add_to_sites or remove_from_sites.
	 * @param int[]                $users   User IDs.
	 * @param int[]|null           $sites   Site IDs; null for every site.
	 * @param array<string, mixed> $args    The job's arguments.
	 * @param bool                 $dry_run Preview only.
	 */
	private function run_people_job( string $type, array $users, ?array $sites, array $args, bool $dry_run ): void {
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$job    = $runner->create( null === $sites ? Job::KIND_NETWORK : Job::KIND_SITES, $sites, false, get_current_user_id(), $type, $users, $args );
		$adding = Add_To_Sites::NAME === $type;
		/* translators: %d: Job number. */
		WP_CLI::log( sprintf( __( 'Job #%d: previewing…', 'wpm-user-sync' ), $job->id ) );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $runner->step( $job, Job_Budget::for( Job_Budget::CLI, $job ) );
		}
		$this->print_counts( $job->preview->sites(), $adding ? __( 'To add', 'wpm-user-sync' ) : __( 'To remove', 'wpm-user-sync' ) );
		foreach ( array( Report::NOTE_WAS_REMOVED, Report::NOTE_ROLE_CHANGED, Report::NOTE_INHERITOR_NOT_MEMBER ) as $note ) {
			if ( $job->preview->noted( $note ) > 0 ) {
				WP_CLI::log( sprintf( '%s: %d', $note, $job->preview->noted( $note ) ) );
			}
		}
		if ( $dry_run ) {
			$runner->cancel( $job );
			WP_CLI::success(
				$adding
					/* translators: %d: Number of memberships. */
					? sprintf( __( 'Dry run: %d memberships would be added or changed. Nothing was written.', 'wpm-user-sync' ), $job->preview->added() )
					/* translators: %d: Number of memberships. */
					: sprintf( __( 'Dry run: %d memberships would be removed. Nothing was written.', 'wpm-user-sync' ), $job->preview->added() )
			);
			return;
		}
		$job = $this->run_to_the_end( $runner, $job, $adding ? __( 'Adding people', 'wpm-user-sync' ) : __( 'Removing people', 'wpm-user-sync' ) );
		WP_CLI::success(
			$adding
				/* translators: 1: Number of memberships, 2: Job number. */
				? sprintf( __( 'Added or changed %1$d memberships (job #%2$d).', 'wpm-user-sync' ), $job->result->added(), $job->id )
				/* translators: 1: Number of memberships, 2: Job number. */
				: sprintf( __( 'Removed %1$d memberships (job #%2$d).', 'wpm-user-sync' ), $job->result->added(), $job->id )
		);
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
	 * Runs the network's pending background work: a batch of each running job and of the
	 * drift check under way, after starting the drift check and the reconcile when due.
	 *
	 * For networks that drive cron from the system (DISABLE_WP_CRON) or run several web
	 * servers: run it every minute or so from one machine's crontab, e.g.
	 * `* * * * * wp user-sync run --until-empty --url=https://example.com/ --path=/var/www/wp`.
	 *
	 * ## OPTIONS
	 *
	 * [--until-empty]
	 * : Go on until no running job and no drift check is left. Default: one batch of each, once.
	 *
	 * ## EXAMPLES
	 *
	 *     wp user-sync run
	 *     wp user-sync run --until-empty
	 *
	 * @since 2.2.0
	 *
	 * @param string[]                   $args       Positional arguments.
	 * @param array<string, string|true> $assoc_args Options.
	 */
	public function run( array $args, array $assoc_args ): void {
		$until_empty = $this->flag( $assoc_args, 'until-empty' );
		$network_id  = get_current_network_id();
		$store       = new Job_Store();
		$work        = new Background_Work( $network_id, $store );
		$runner      = new Job_Runner( $network_id, $store );
		foreach ( $work->tick() as $started ) {
			if ( null !== $started ) {
				/* translators: 1: Job number, 2: The job's work, e.g. "Add missing memberships". */
				WP_CLI::log( sprintf( __( 'Started job #%1$d (%2$s).', 'wpm-user-sync' ), $started->id, Runner_Health::type_label( $started->type ) ) );
			}
		}
		$failed = array();
		do {
			$pending = $work->pending();
			$waiting = array();
			foreach ( $pending as $job_id ) {
				$job = $runner->find( $job_id );
				if ( null === $job ) {
					continue;
				}
				$job = $runner->step( $job, Job_Budget::for( Job_Budget::CLI, $job ) );
				if ( null !== $job->waiting ) {
					$waiting[] = $job->waiting;
				}
				WP_CLI::log( $this->job_progress( $job ) );
				if ( Job::FAILED === $job->status ) {
					$failed[ $job->id ] = $job;
				}
			}
			// Every job is held by a batch that another process runs (or that died): wait for the first to be let go.
			if ( $until_empty && array() !== $pending && count( $waiting ) === count( $pending ) ) {
				sleep( min( 5, max( 1, min( $waiting ) ) ) );
			}
		} while ( $until_empty && array() !== $pending );

		foreach ( $failed as $job ) {
			/* translators: 1: Job number, 2: Error message. */
			WP_CLI::warning( sprintf( __( 'Job #%1$d failed: %2$s', 'wpm-user-sync' ), $job->id, (string) $job->last_error ) );
		}
		if ( array() !== $failed ) {
			WP_CLI::error( _n( 'A job failed.', 'Some jobs failed.', count( $failed ), 'wpm-user-sync' ) );
		}
		if ( array() === $work->pending() ) {
			WP_CLI::success( __( 'No running job is left.', 'wpm-user-sync' ) );
			return;
		}
		WP_CLI::success( __( 'Ran one batch of each running job; more remain (run again, or add --until-empty).', 'wpm-user-sync' ) );
	}

	/**
	 * Where a job stands after a batch, in words.
	 *
	 * @param Job $job The job.
	 */
	private function job_progress( Job $job ): string {
		$label = Runner_Health::type_label( $job->type );
		if ( null !== $job->waiting ) {
			/* translators: 1: Job number, 2: The job's work, 3: Seconds. */
			return sprintf( __( 'Job #%1$d (%2$s): another batch holds it; it is let go in about %3$d seconds.', 'wpm-user-sync' ), $job->id, $label, $job->waiting );
		}
		if ( Job::PREVIEWING === $job->status ) {
			/* translators: 1: Job number, 2: The job's work, 3: Number of memberships. */
			return sprintf( __( 'Job #%1$d (%2$s): checking, %3$d found so far.', 'wpm-user-sync' ), $job->id, $label, $job->preview->added() );
		}
		if ( Job::RUNNING === $job->status ) {
			/* translators: 1: Job number, 2: The job's work, 3: Number done so far, 4: Number expected (0 when it ran without a preview). */
			return sprintf( __( 'Job #%1$d (%2$s): %3$d done of %4$d expected.', 'wpm-user-sync' ), $job->id, $label, $job->result->added(), $job->preview->added() );
		}
		if ( Check_Drift::NAME === $job->type && Job::DONE === $job->status ) {
			/* translators: 1: Job number, 2: The job's work, 3: Number of memberships. */
			return sprintf( __( 'Job #%1$d (%2$s): done, %3$d memberships missing.', 'wpm-user-sync' ), $job->id, $label, $job->preview->added() );
		}
		/* translators: 1: Job number, 2: The job's work, 3: Status, e.g. "done", 4: Number done. */
		return sprintf( __( 'Job #%1$d (%2$s): %3$s, %4$d done.', 'wpm-user-sync' ), $job->id, $label, $job->status, $job->result->added() );
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
	 * : A setting; `wp user-sync settings get` lists them all.
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
		$setting  = null === $name ? null : ( Settings::definitions()[ $name ] ?? null );
		if ( null !== $name && null === $setting ) {
			/* translators: 1: Setting name, 2: Comma-separated setting names. */
			WP_CLI::error( sprintf( __( 'Unknown setting: %1$s. Known settings: %2$s.', 'wpm-user-sync' ), $name, implode( ', ', $settings->names() ) ) );
		}

		if ( 'get' === $action ) {
			$all = $settings->all();
			foreach ( null === $setting ? Settings::definitions() : array( $setting ) as $shown ) {
				WP_CLI::log( $shown->name . "\t" . $shown->format( $all[ $shown->name ] ) );
			}
			return;
		}

		if ( null === $setting || ! isset( $args[2] ) ) {
			WP_CLI::error( __( 'Usage: wp user-sync settings set <name> <value>', 'wpm-user-sync' ) );
		}
		$value   = $this->valid( static fn() => $setting->parse( $args[2] ) );
		$problem = $settings->problems( array( $setting->name => $value ) )[ $setting->name ] ?? null;
		if ( null !== $problem ) {
			WP_CLI::error( $problem );
		}
		$settings->update( array( $setting->name => $value ) );
		/* translators: %s: Setting name. */
		WP_CLI::success( sprintf( __( 'Saved %s.', 'wpm-user-sync' ), $setting->name ) );
	}

	/**
	 * What a reading of typed input gives, or an error saying why the input is wrong.
	 *
	 * @template T
	 * @param callable(): T $read Reads the input; throws \InvalidArgumentException, in words, when it is wrong.
	 * @return T
	 */
	private function valid( callable $read ) {
		try {
			return $read();
		} catch ( \InvalidArgumentException $wrong ) {
			WP_CLI::error( $wrong->getMessage() );
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
}
