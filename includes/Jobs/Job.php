<?php
/**
 * One manual sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Copy_Role;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Role_Change;

defined( 'ABSPATH' ) || exit;

/**
 * A unit of background work and where it stands: what kind of work (its type, e.g. "add
 * the missing memberships"), where (its kind: the network, some sites, or one site's
 * own sync), previewed first, then run, both in batches.
 *
 * @since 2.0.0
 */
final class Job {

	public const KIND_NETWORK = 'network';
	public const KIND_SITES   = 'sites';
	public const KIND_SITE    = 'site';

	public const PREVIEWING = 'previewing';
	public const READY      = 'ready';
	public const RUNNING    = 'running';
	public const DONE       = 'done';
	public const CANCELLED  = 'cancelled';
	public const FAILED     = 'failed';

	public const ORIGIN_PERSON      = '';
	public const ORIGIN_NEW_SITE    = 'new_site';
	public const ORIGIN_NEW_USER    = 'new_user';
	public const ORIGIN_ROLE_CHANGE = 'role_change';

	/**
	 * A drift check: a preview of the network sync that nobody confirms (Health\Drift).
	 *
	 * @since 2.2.0
	 */
	public const ORIGIN_DRIFT = 'drift';

	/**
	 * A network sync that the "Reconcile automatically" setting started (Health\Reconcile).
	 *
	 * @since 2.2.0
	 */
	public const ORIGIN_RECONCILE = 'reconcile';

	/**
	 * Types of the jobs about people a person named (adding them to sites, removing them):
	 * two of them conflict only where they name the same people on the same sites.
	 *
	 * @since 2.1.0
	 */
	public const ABOUT_NAMED_PEOPLE = array( Add_To_Sites::NAME, Remove_From_Sites::NAME );

	/**
	 * Statuses of a job still under way.
	 */
	public const ACTIVE = array( self::PREVIEWING, self::READY, self::RUNNING );

	/**
	 * Row ID; 0 until stored.
	 *
	 * @var int
	 */
	public int $id = 0;

	/**
	 * The network.
	 *
	 * @var int
	 */
	public int $network_id;

	/**
	 * One of the KIND_* constants: where the job works, and whose history it is in.
	 *
	 * @var string
	 */
	public string $kind;

	/**
	 * What work the job does: the name of a Job_Type (see Job_Types).
	 *
	 * @since 2.0.1
	 *
	 * @var string
	 */
	public string $type = Add_Memberships::NAME;

	/**
	 * The sites; null for every site of the network.
	 *
	 * @var int[]|null
	 */
	public ?array $site_ids;

	/**
	 * Whether people removed by hand are added back.
	 *
	 * @var bool
	 */
	public bool $add_removed;

	/**
	 * One of the status constants.
	 *
	 * @var string
	 */
	public string $status = self::PREVIEWING;

	/**
	 * Where the current phase resumes; null at the start of a phase.
	 *
	 * @var array<string, int>|null
	 */
	public ?array $cursor = null;

	/**
	 * What the preview found.
	 *
	 * @var Report
	 */
	public Report $preview;

	/**
	 * What the run did so far.
	 *
	 * @var Report
	 */
	public Report $result;

	/**
	 * Who created the job.
	 *
	 * @var int
	 */
	public int $created_by;

	/**
	 * Unix times.
	 *
	 * @var int|null
	 */
	public ?int $created_at = null;

	/**
	 * When the run started (Unix time).
	 *
	 * @var int|null
	 */
	public ?int $started_at = null;

	/**
	 * When the job ended (Unix time).
	 *
	 * @var int|null
	 */
	public ?int $finished_at = null;

	/**
	 * The last error, in words.
	 *
	 * @var string|null
	 */
	public ?string $last_error = null;

	/**
	 * Where the job came from: ORIGIN_PERSON; ORIGIN_NEW_SITE or ORIGIN_NEW_USER for the part
	 * of a trigger's sync that did not fit in the request that triggered it (or that the
	 * database refused there).
	 *
	 * @var string
	 */
	public string $origin = self::ORIGIN_PERSON;

	/**
	 * When the preview finished (Unix time), or null.
	 *
	 * @var int|null
	 */
	public ?int $previewed_at = null;

	/**
	 * Users the job is about; null for every user in scope (the jobs people start).
	 *
	 * @var int[]|null
	 */
	public ?array $user_ids = null;

	/**
	 * The network's state (Network_Changes::state()) when the preview began.
	 *
	 * @var string
	 */
	public string $network_state = '';

	/**
	 * When the job last changed (Unix time).
	 *
	 * @var int|null
	 */
	public ?int $updated_at = null;

	/**
	 * What the blocks of an unfinished batch committed: recorded in each block's
	 * transaction, folded into the result when the batch ends (or by the next batch
	 * when this one was interrupted).
	 *
	 * @var Report|null
	 */
	public ?Report $checkpoint = null;

	/**
	 * Batches in a row that the database failed.
	 *
	 * @var int
	 */
	public int $attempts = 0;

	/**
	 * Until when (Unix time) a batch holds the job's lock; 0 when none does.
	 *
	 * @var int
	 */
	public int $lock_until = 0;

	/**
	 * What the job's type needs beyond sites and users (for copy_role: the role, the site
	 * it was given on, and what the trust rules decided when it was; for add_to_sites and
	 * remove_from_sites: the role asked for and who inherits content, see People\People_Args).
	 *
	 * @since 2.0.1
	 * @since 2.1.0 Values may be lists or maps (a remove's inheritor per site).
	 *
	 * @var array<string, mixed>
	 */
	public array $args = array();

	/**
	 * Seconds until an interrupted batch releases the job, when a step could not work
	 * because of it; not stored.
	 *
	 * @var int|null
	 */
	public ?int $waiting = null;

	/**
	 * Describes a new job.
	 *
	 * @since 2.0.0
	 *
	 * @param int        $network_id  Network.
	 * @param string     $kind        One of the KIND_* constants.
	 * @param int[]|null $site_ids    Sites; null for all.
	 * @param bool       $add_removed Add back people removed by hand.
	 * @param int        $created_by  Who asked.
	 */
	public function __construct( int $network_id, string $kind, ?array $site_ids, bool $add_removed, int $created_by ) {
		$this->network_id  = $network_id;
		$this->kind        = $kind;
		$this->site_ids    = $site_ids;
		$this->add_removed = $add_removed;
		$this->created_by  = $created_by;
		$this->preview     = new Report();
		$this->result      = new Report();
	}

	/**
	 * Describes the work a trigger does for a new site or user: added with the sites' default
	 * roles, removals respected. It runs in the request first (Job_Runner::run_in_request()),
	 * and goes on in the background for what does not fit there.
	 *
	 * @since 2.0.1
	 *
	 * @param int        $network_id Network.
	 * @param int[]|null $user_ids   Users; null for every user in scope.
	 * @param int[]|null $site_ids   Sites; null for every site in scope.
	 * @param string     $origin     ORIGIN_NEW_SITE or ORIGIN_NEW_USER.
	 */
	public static function for_trigger( int $network_id, ?array $user_ids, ?array $site_ids, string $origin ): self {
		$job           = new self( $network_id, null === $site_ids ? self::KIND_NETWORK : self::KIND_SITES, $site_ids, false, get_current_user_id() );
		$job->user_ids = $user_ids;
		$job->origin   = $origin;
		return $job;
	}

	/**
	 * Describes the copy of a role change to the user's other sites, made by the person
	 * who changed the role (created_by). It runs in the request first, and goes on in the
	 * background for what does not fit there.
	 *
	 * @since 2.0.1
	 *
	 * @param int         $network_id Network.
	 * @param Role_Change $change     The change.
	 */
	public static function for_role_change( int $network_id, Role_Change $change ): self {
		$job           = new self( $network_id, self::KIND_NETWORK, null, false, $change->actor_id );
		$job->type     = Copy_Role::NAME;
		$job->user_ids = array( $change->user_id );
		$job->origin   = self::ORIGIN_ROLE_CHANGE;
		$job->args     = array(
			'role'    => $change->role,
			'source'  => $change->source,
			'copied'  => $change->copied,
			'trusted' => $change->trusted,
			'token'   => $change->token,
		);
		return $job;
	}

	/**
	 * The role change a copy_role job copies.
	 *
	 * @since 2.0.1
	 */
	public function role_change(): Role_Change {
		return new Role_Change(
			(int) ( $this->user_ids[0] ?? 0 ),
			(string) ( $this->args['role'] ?? '' ),
			(int) ( $this->args['source'] ?? 0 ),
			$this->created_by,
			(bool) ( $this->args['copied'] ?? false ),
			(bool) ( $this->args['trusted'] ?? false ),
			(string) ( $this->args['token'] ?? '' )
		);
	}

	/**
	 * Whether the job has ended, one way or another.
	 *
	 * @since 2.0.0
	 */
	public function is_finished(): bool {
		return in_array( $this->status, array( self::DONE, self::CANCELLED, self::FAILED ), true );
	}

	/**
	 * Whether two jobs could write the same memberships.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $other Another job.
	 */
	public function overlaps( Job $other ): bool {
		if ( $this->network_id !== $other->network_id ) {
			return false;
		}
		$about_people = in_array( $this->type, self::ABOUT_NAMED_PEOPLE, true ) && in_array( $other->type, self::ABOUT_NAMED_PEOPLE, true );
		// Adding memberships never changes one; copying a role never adds one; a sync never
		// removes anyone, nor undoes a removal unless asked to: none of them meets another type.
		if ( $this->type !== $other->type && ! $about_people ) {
			return false;
		}
		// Jobs about named people meet only where they name the same person.
		if ( $about_people && array() === array_intersect( (array) $this->user_ids, (array) $other->user_ids ) ) {
			return false;
		}
		if ( null === $this->site_ids || null === $other->site_ids ) {
			return true;
		}
		return array() !== array_intersect( $this->site_ids, $other->site_ids );
	}

	/**
	 * The history a job belongs to: 0 for the network's, a site ID for that site's own syncs.
	 *
	 * @since 2.0.1
	 */
	public function scope(): int {
		return self::KIND_SITE === $this->kind ? (int) ( $this->site_ids[0] ?? 0 ) : 0;
	}
}
